from django.urls import path

from security import views

app_name = "security"

urlpatterns = [
    path("", views.two_factor, name="two_factor"),
    path("setup/", views.two_factor_setup, name="two_factor_setup"),
    path("verify/", views.two_factor_verify, name="two_factor_verify"),
]
