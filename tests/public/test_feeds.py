"""Atom feeds of newly published agreements and of verified progress."""

from datetime import date, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Organisation
from agreements.models import Agreement, Commitment
from tests.factories import make_commitment, make_kpu_office, make_organisation, make_published_agreement

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def entries(client, name):
    """The feed's entries as {title: entry element}, parsed as XML."""
    feed = ElementTree.fromstring(client.get(reverse(name)).content)
    return {
        entry.findtext("atom:title", namespaces=ATOM): entry for entry in feed.findall("atom:entry", ATOM)
    }


def when(entry, element):
    return datetime.fromisoformat(entry.findtext(f"atom:{element}", namespaces=ATOM))


def authors(entry):
    return [
        (author.findtext("atom:name", namespaces=ATOM), author.findtext("atom:uri", namespaces=ATOM))
        for author in entry.findall("atom:author", ATOM)
    ]


def test_it_lists_newly_published_agreements_newest_first(client):
    make_published_agreement(title="Lama", published_at=timezone.now() - timedelta(days=3))
    make_published_agreement(title="Baru")

    response = client.get(reverse("public:feed_agreements"))

    assert response["Content-Type"].startswith("application/atom+xml")
    assert response.text.index("Baru") < response.text.index("Lama")


def test_it_lists_commitments_verified_done(client):
    agreement = make_published_agreement()
    done = make_commitment(
        agreement, title="Arsip diserahkan", status=Commitment.Status.DONE, status_changed_at=timezone.now()
    )
    make_commitment(agreement, title="Masih berjalan", status=Commitment.Status.IN_PROGRESS)

    text = client.get(reverse("public:feed_progress")).text

    assert "Arsip diserahkan" in text
    assert f"#commitment-{done.pk}" in text
    assert "Masih berjalan" not in text


def test_it_writes_the_feed_in_the_chosen_language(client):
    text = client.get("/en" + reverse("public:feed_progress")).text

    assert 'xml:lang="en"' in text
    assert "Verified progress on cooperation agreements" in text


def test_it_names_both_parties_as_authors_of_an_agreement(client):
    kpu = make_organisation(
        kind=Organisation.Kind.ELECTION_COMMISSION, name="KPU Kabupaten Bantul", slug="kpu"
    )
    agency = make_organisation(name="Dinas Kebudayaan", slug="kebudayaan")
    make_published_agreement(title="PKS Kebudayaan", kpu=kpu, agency=agency)

    entry = entries(client, "public:feed_agreements")["PKS Kebudayaan"]

    assert authors(entry) == [
        ("KPU Kabupaten Bantul", "http://testserver/agencies/kpu/"),
        ("Dinas Kebudayaan", "http://testserver/agencies/kebudayaan/"),
    ]


def test_it_dates_an_agreement_from_its_signing_not_from_when_it_was_loaded(client):
    make_published_agreement(title="PKS 2022", date_signed=date(2022, 12, 28))

    entry = entries(client, "public:feed_agreements")["PKS 2022"]

    assert entry.findtext("atom:published", namespaces=ATOM) == "2022-12-28T00:00:00+07:00"
    assert when(entry, "updated") >= timezone.now() - timedelta(minutes=1)


def test_it_dates_an_agreement_without_a_signing_date_from_its_publication(client):
    published_at = timezone.now() - timedelta(days=3)
    make_published_agreement(title="Tanpa tanggal", date_signed=None, published_at=published_at)

    entry = entries(client, "public:feed_agreements")["Tanpa tanggal"]

    assert when(entry, "published") == published_at


def test_it_updates_an_agreement_entry_when_the_record_changes(client):
    agreement = make_published_agreement(title="Diubah", published_at=timezone.now() - timedelta(days=3))
    changed = timezone.now() - timedelta(hours=1)
    Agreement.objects.filter(pk=agreement.pk).update(updated_at=changed)

    entry = entries(client, "public:feed_agreements")["Diubah"]

    assert when(entry, "updated") == changed


def test_it_credits_verified_progress_to_the_kpu_office_and_dates_it_at_verification(client):
    kpu = make_organisation(
        kind=Organisation.Kind.ELECTION_COMMISSION, name="KPU Kabupaten Bantul", slug="kpu"
    )
    agreement = make_published_agreement(kpu=kpu)
    verified = timezone.now() - timedelta(days=2)
    make_commitment(
        agreement, title="Arsip diserahkan", status=Commitment.Status.DONE, status_changed_at=verified
    )

    [entry] = entries(client, "public:feed_progress").values()

    assert authors(entry) == [("KPU Kabupaten Bantul", "http://testserver/agencies/kpu/")]
    assert when(entry, "published") == when(entry, "updated") == verified


@pytest.mark.parametrize("feed", ["agreements", "progress", "deadlines"])
def test_an_office_s_feed_is_titled_with_the_office_and_the_national_one_is_not(client, feed):
    # Two offices' feeds in one reader are told apart by their titles.
    make_kpu_office(slug="kpu-bantul", name="KPU Kabupaten Bantul")

    office = ElementTree.fromstring(client.get(f"/en/kpu-bantul/feeds/{feed}/").content)
    national = ElementTree.fromstring(client.get(f"/en/feeds/{feed}/").content)

    assert office.findtext("atom:title", namespaces=ATOM).endswith(": KPU Kabupaten Bantul")
    assert "Bantul" not in national.findtext("atom:title", namespaces=ATOM)
