from django.urls import path

from public.caching import cached_public_page
from public.feeds import ChangesFeed, NewAgreementsFeed, VerifiedProgressFeed
from public.views import agreements, data, documents, elections, focus_areas, home, organisations

app_name = "public"

urlpatterns = [
    path("", home.home, name="home"),
    path("agreements/", agreements.agreement_list, name="agreement_list"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("agencies/", organisations.organisation_list, name="organisation_list"),
    path("agencies/<slug:slug>/", organisations.organisation_detail, name="organisation_detail"),
    path("focus-areas/", focus_areas.focus_area_list, name="focus_area_list"),
    path("focus-areas/<slug:slug>/", focus_areas.focus_area_detail, name="focus_area_detail"),
    path("elections/", elections.election_list, name="election_list"),
    path("elections/<slug:slug>/", elections.election_detail, name="election_detail"),
    path("elections/<slug:slug>/stages/<int:pk>/", elections.stage_detail, name="stage_detail"),
    path("data/", data.open_data_page, name="open_data"),
    path(
        "data/agreements.csv",
        data.download,
        {"dataset": "agreements", "format": "csv"},
        name="agreements_csv",
    ),
    path(
        "data/agreements.json",
        data.download,
        {"dataset": "agreements", "format": "json"},
        name="agreements_json",
    ),
    path(
        "data/commitments.csv",
        data.download,
        {"dataset": "commitments", "format": "csv"},
        name="commitments_csv",
    ),
    path(
        "data/commitments.json",
        data.download,
        {"dataset": "commitments", "format": "json"},
        name="commitments_json",
    ),
    path(
        "data/agreements-excel.csv",
        data.download,
        {"dataset": "agreements", "format": "excel"},
        name="agreements_excel",
    ),
    path(
        "data/commitments-excel.csv",
        data.download,
        {"dataset": "commitments", "format": "excel"},
        name="commitments_excel",
    ),
    path("data/datapackage.json", data.datapackage, name="datapackage"),
    path("data/changes.json", data.changes_json, name="changes_json"),
    path("documents/<int:pk>/", documents.document_download, name="document_download"),
    path("feeds/agreements/", cached_public_page(NewAgreementsFeed()), name="feed_agreements"),
    path("feeds/progress/", cached_public_page(VerifiedProgressFeed()), name="feed_progress"),
    # Not cached: the feed holds back the newest seconds (public.changes), so it changes with the clock.
    path("feeds/changes/", ChangesFeed(), name="feed_changes"),
]
