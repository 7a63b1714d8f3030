"""An MoU shows the combined progress of its published PKS on its page and in the listing; the site's
headline figures still count each commitment once."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, Commitment
from agreements.progress import Progress
from tests.factories import make_agreement, make_commitment, make_kpu_office, make_published_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def mou():
    mou = make_published_agreement(kind=Agreement.Kind.MOU, title="Nota Kesepahaman Uji")
    done = make_published_agreement(parent=mou)
    make_commitment(done, status=Commitment.Status.DONE)
    make_commitment(make_published_agreement(parent=mou))
    # Unpublished: its commitments stay out of the MoU's public figures.
    make_commitment(make_agreement(parent=mou), status=Commitment.Status.DONE, weight=10)
    return mou


def test_its_page_shows_the_combined_progress(client, mou):
    response = client.get(f"/en/agreements/{mou.pk}/")
    text = response.content.decode()
    assert (str(response.context["agreement"].progress), "Here: 1 of 2" in text, "made under it" in text) == (
        "50%",
        True,
        True,
    )


def test_the_listing_shows_it_and_sorts_it_by_the_combined_progress(client, mou):
    response = client.get(reverse("public:agreement_list"), {"sort": "progress"})
    rows = [(row.pk == mou.pk, str(row.progress)) for row in response.context["page"].object_list]
    assert rows == [(False, "100%"), (True, "50%"), (False, "0%")]


def test_the_headline_figures_count_each_commitment_once(client, mou):
    figures = [str(value) for value in client.get(reverse("public:home")).context["totals"].values()]
    assert figures == ["2", "1", "50%"]


def test_an_office_site_and_its_line_on_the_national_page_count_each_commitment_once(client, mou):
    office_totals = client.get(reverse("public:office:home", args=[mou.office.slug])).context["totals"]
    [(_title, [office])] = client.get(reverse("public:home")).context["provinces"]
    assert ([str(value) for value in office_totals.values()], office.progress) == (
        ["2", "1", "50%"],
        Progress(done=1, applicable=2),
    )


def test_an_office_site_counts_its_pks_under_another_offices_mou(client, mou):
    # The MoU that already counts this PKS is kept, and counted, by another office.
    other = make_kpu_office(slug="kpu-lain")
    make_commitment(make_published_agreement(parent=mou, kpu=other), status=Commitment.Status.DONE)
    totals = client.get(reverse("public:office:home", args=[other.slug])).context["totals"]
    assert [str(value) for value in totals.values()] == ["1", "1", "100%"]
