from django.urls import path

from benchmarks import views

urlpatterns = [path("bench/bare/", views.bare, name="bench_bare")]
