from django.urls import path

from workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("agencies/", views.agency_progress, name="agency_progress"),
    path("monev/", views.monev_index, name="monev_index"),
    path("monev/agreements/<int:pk>/", views.monev_agreement, name="monev_agreement"),
    path("monev/elections/<slug:slug>/", views.monev_election, name="monev_election"),
    path("monev/periods/", views.monev_period_choose, name="monev_period_choose"),
    path("monev/offices/<int:office>/<str:period>/", views.monev_period, name="monev_period"),
    path("monev/offices/<int:office>/<str:period>/pdf/", views.monev_period_pdf, name="monev_period_pdf"),
    path(
        "monev/offices/<int:office>/<str:period>/agreements/<int:pk>/evaluation/",
        views.monev_evaluation,
        name="monev_evaluation",
    ),
    path("import/commitments/", views.commitment_import, name="commitment_import"),
    path("deleted/", views.deleted_records, name="deleted_records"),
    path("deleted/<str:model>/<int:history_id>/restore/", views.deleted_record_restore, name="restore"),
]
