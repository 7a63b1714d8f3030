from django.urls import include, path

from public.caching import cached_public_page
from public.feeds import ChangesFeed, MovedDeadlinesFeed, NewAgreementsFeed, VerifiedProgressFeed
from public.opendata import DATASETS, FILE_NAMES
from public.sites import office_site
from public.views import agreements, data, documents, elections, focus_areas, home, organisations

app_name = "public"


def data_file(dataset, format):
    return {"dataset": dataset, "format": format}


download = office_site(data.download)


# Every page, at the nation's address and under each office's (public.sites); office_site reads which.
site_patterns = [
    path("", office_site(home.home), name="home"),
    path("agreements/", office_site(agreements.agreement_list), name="agreement_list"),
    path("agreements/<int:pk>/", office_site(agreements.agreement_detail), name="agreement_detail"),
    path("agencies/", office_site(organisations.organisation_list), name="organisation_list"),
    path("agencies/<slug:slug>/", office_site(organisations.organisation_detail), name="organisation_detail"),
    path("focus-areas/", office_site(focus_areas.focus_area_list), name="focus_area_list"),
    path("focus-areas/<slug:slug>/", office_site(focus_areas.focus_area_detail), name="focus_area_detail"),
    path("elections/", office_site(elections.election_list), name="election_list"),
    path("elections/<slug:slug>/", office_site(elections.election_detail), name="election_detail"),
    path("elections/<slug:slug>/stages/<int:pk>/", office_site(elections.stage_detail), name="stage_detail"),
    path("data/", office_site(data.open_data_page), name="open_data"),
    # Each open data file in each format, e.g. data/commitments-excel.csv named "commitments_excel".
    *[
        path(
            f"data/{name.format(dataset=dataset)}",
            download,
            data_file(dataset, format),
            name=f"{dataset}_{format}",
        )
        for dataset in DATASETS
        for format, name in FILE_NAMES.items()
    ],
    path("data/datapackage.json", office_site(data.datapackage), name="datapackage"),
    path("data/changes.json", office_site(data.changes_json), name="changes_json"),
    path("documents/<int:pk>/", office_site(documents.document_download), name="document_download"),
    path(
        "feeds/agreements/", office_site(cached_public_page(NewAgreementsFeed.view())), name="feed_agreements"
    ),
    path(
        "feeds/progress/", office_site(cached_public_page(VerifiedProgressFeed.view())), name="feed_progress"
    ),
    path(
        "feeds/deadlines/", office_site(cached_public_page(MovedDeadlinesFeed.view())), name="feed_deadlines"
    ),
    # Not cached: the feed holds back the newest seconds (public.changes), so it changes with the clock.
    path("feeds/changes/", office_site(ChangesFeed.view()), name="feed_changes"),
]

# After the site's own paths, which an office's slug may never take (agencies.models.validate_office_slug).
urlpatterns = [*site_patterns, path("<slug:office>/", include((site_patterns, "office")))]
