"""/api/v1/: the read-only public API, its OpenAPI schema and its documentation page."""

from django.conf import settings
from django.urls import path, re_path
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularJSONAPIView

from api import views
from api.http import api_view

app_name = "api"

# Swagger UI draws its icons from data: URIs: the docs page alone may show such images, nothing else changes.
DOCS_CSP = {**settings.SECURE_CSP, "img-src": [*settings.SECURE_CSP["img-src"], "data:"]}

urlpatterns = [
    path("agreements/", api_view(views.AgreementList.as_view()), name="agreement_list"),
    path("agreements/<int:pk>/", api_view(views.AgreementDetail.as_view()), name="agreement_detail"),
    path("commitments/", api_view(views.CommitmentList.as_view()), name="commitment_list"),
    path("documents/", api_view(views.DocumentList.as_view()), name="document_list"),
    path("due-date-changes/", api_view(views.DueDateChangeList.as_view()), name="due_date_change_list"),
    path("organisations/", api_view(views.OrganisationList.as_view()), name="organisation_list"),
    path(
        "organisations/<slug:slug>/", api_view(views.OrganisationDetail.as_view()), name="organisation_detail"
    ),
    path("offices/", api_view(views.OfficeList.as_view()), name="office_list"),
    path("elections/", api_view(views.ElectionList.as_view()), name="election_list"),
    path("elections/<slug:slug>/", api_view(views.ElectionDetail.as_view()), name="election_detail"),
    path("focus-areas/", api_view(views.FocusAreaList.as_view()), name="focus_area_list"),
    path("changes/", api_view(views.ChangeList.as_view()), name="change_list"),
    path("tasks/", api_view(views.TaskList.as_view()), name="task_list"),
    path("openapi.json", api_view(SpectacularJSONAPIView.as_view()), name="schema"),
    # Swagger UI from the app's own static files (drf-spectacular-sidecar); its script is a file, not inline.
    path(
        "docs/",
        csp_override(DOCS_CSP)(api_view(views.Docs.as_view(url_name="api:schema"))),
        name="docs",
    ),
    # Any other address under /api/v1/ (an id that is no number, say) answers in JSON like the rest.
    re_path(r"", api_view(views.not_found), name="not_found"),
]
