"""The changes feed (/data/changes.json and /feeds/changes/): every public change, with a cursor."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Agreement, Commitment
from agreements.services import agreement_publish, agreement_unpublish
from public.changes import Cursor, public_changes
from tests.factories import (
    make_agreement,
    make_commitment,
    make_kpu_office,
    make_published_agreement,
    make_stage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_settling(settings):
    # The feed holds back the newest seconds; a test's changes are all that new.
    settings.CHANGES_FEED_SETTLE_SECONDS = 0


def feed(client, since=""):
    response = client.get(reverse("public:changes_json"), {"since": since} if since else {})
    assert response.status_code == 200
    return response.json()


def events(data):
    return [(change["event"], change["title"]) for change in data["changes"]]


def test_it_reports_a_published_agreement_with_its_public_fields(client):
    make_published_agreement(title="PKS Dukcapil")

    change = feed(client)["changes"][0]

    assert change["event"] == "published"
    assert change["changes"]["title"] == {"before": None, "after": "PKS Dukcapil"}
    assert change["agreement_url"].endswith(reverse("public:agreement_detail", args=[change["agreement_id"]]))


def test_it_never_shows_an_unpublished_agreement_or_its_commitments(client):
    draft = make_agreement(title="Rahasia")
    commitment = make_commitment(draft, title="Rahasia juga")
    commitment.status = Commitment.Status.DONE
    commitment.save()

    assert feed(client)["changes"] == []


def test_it_never_shows_internal_fields(client):
    agreement = make_published_agreement(title="PKS")
    since = feed(client)["next_since"]
    agreement.notes = "catatan internal"
    agreement.save()

    data = feed(client, since)

    assert data["changes"] == []
    assert "catatan internal" not in str(feed(client))


def test_it_reports_verified_progress_with_before_and_after(client):
    commitment = make_commitment(make_published_agreement(), title="Data pemilih")
    since = feed(client)["next_since"]
    commitment.status = Commitment.Status.DONE
    commitment.save()

    change = feed(client, since)["changes"][0]

    assert change["event"] == "progress_verified"
    assert change["changes"] == {"status": {"before": "not_started", "after": "done"}}


def test_it_reports_a_moved_deadline(client):
    commitment = make_commitment(make_published_agreement(), due_kind="fixed", due_date=date(2024, 1, 31))
    since = feed(client)["next_since"]
    commitment.due_date = date(2024, 2, 29)
    commitment.save()

    change = feed(client, since)["changes"][0]

    assert change["event"] == "deadline_moved"
    assert change["changes"]["due_on"] == {"before": "2024-01-31", "after": "2024-02-29"}


def test_it_reports_an_amendment_and_a_withdrawal(client):
    agreement = make_published_agreement(title="PKS lama")
    since = feed(client)["next_since"]
    agreement.title = "PKS baru"
    agreement.save()
    agreement.is_published = False
    agreement.save()

    assert events(feed(client, since)) == [("amended", "PKS baru"), ("withdrawn", "PKS baru")]


def test_a_withdrawal_names_the_agreement_as_it_was_public(client):
    agreement = make_published_agreement(title="PKS Publik")
    since = feed(client)["next_since"]
    agreement.is_published, agreement.title = False, "JUDUL-KERJA-INTERNAL"
    agreement.save()

    assert events(feed(client, since)) == [("withdrawn", "PKS Publik")]


def test_a_commitment_s_changes_made_while_its_agreement_was_withdrawn_stay_private(client):
    agreement = make_published_agreement(title="PKS Publik")
    agreement_unpublish(agreement=agreement)
    # Drafted and dropped again while the agreement was not public.
    draft = make_commitment(agreement, title="Rencana internal")
    draft.delete()
    agreement.refresh_from_db()
    agreement_publish(agreement=agreement)
    shown = make_commitment(agreement, title="Data pemilih")

    assert events(feed(client)) == [
        ("published", "PKS Publik"),
        ("withdrawn", "PKS Publik"),
        ("published", "PKS Publik"),
        ("commitment_added", "Data pemilih"),
    ]
    for address in (reverse("public:feed_changes"), reverse("api:change_list")):
        assert "Rencana internal" not in client.get(address).text
    assert shown.title in client.get(reverse("api:change_list")).text


def test_it_names_a_parent_mou_only_while_it_is_published(client):
    mou = make_agreement(kind="mou", title="MoU belum terbit")
    pks = make_published_agreement(parent=mou, title="PKS terbit")
    [published] = feed(client)["changes"]
    assert published["changes"]["parent_id"] == {"before": None, "after": None}
    Agreement.objects.filter(pk=mou.pk).update(is_published=True)
    pks.title = "PKS terbit, diubah"
    pks.save()
    assert feed(client)["changes"][-1]["changes"]["title"]["after"] == "PKS terbit, diubah"
    assert feed(client)["changes"][0]["changes"]["parent_id"]["after"] == mou.pk


def test_it_sends_only_what_is_new_since_the_cursor(client):
    make_published_agreement(title="Pertama")
    since = feed(client)["next_since"]
    make_published_agreement(title="Kedua")

    assert events(feed(client, since)) == [("published", "Kedua")]
    assert events(feed(client, "2000-01-01")) == [("published", "Pertama"), ("published", "Kedua")]


def test_it_pages_through_changes_made_at_one_instant_without_losing_any():
    agreement = make_published_agreement()
    commitments = [make_commitment(agreement, title=f"Tugas {n}") for n in range(5)]
    # A stage move writes many history rows at one instant.
    for commitment in commitments:
        commitment.history.update(history_date=commitments[0].history.first().history_date)

    titles, cursor = [], Cursor.parse("")
    for _page in range(10):
        page = public_changes(cursor, limit=2)
        titles += [change.title for change in page.changes if change.object_type == "commitment"]
        cursor = Cursor.parse(page.next_since)
        if not page.has_more:
            break

    assert sorted(titles) == [f"Tugas {n}" for n in range(5)]


@pytest.mark.parametrize("since", ["kemarin", "9999-12-31T23:00:00-05:00", "99999999999999999999-1.1-1"])
def test_it_explains_a_cursor_it_cannot_read(client, since):
    response = client.get(reverse("public:changes_json"), {"since": since})

    assert response.status_code == 400
    assert "since" in response.json()["error"]


@pytest.mark.parametrize("since", ["0001-01-01", "0001-01-01T00:00:00+14:00"])
def test_a_time_before_the_calendar_s_first_day_in_utc_is_the_beginning(client, since):
    make_published_agreement(title="PKS Diskominfo")
    response = client.get(reverse("public:changes_json"), {"since": since})
    assert response.status_code == 200
    assert response.json() == client.get(reverse("public:changes_json")).json()


def test_it_serves_the_changes_as_atom(client):
    make_published_agreement(title="PKS Diskominfo")

    response = client.get(reverse("public:feed_changes"))

    assert response["Content-Type"].startswith("application/atom+xml")
    assert b"PKS Diskominfo" in response.content


def test_it_reads_a_page_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    for n in range(3):
        commitment = make_commitment(make_published_agreement(title=f"PKS {n}"))
        commitment.status = Commitment.Status.DONE
        commitment.save()

    # Each table's rows and the rows before them, the commitments' agreements as they stood then, and the
    # office's slug.
    with django_assert_max_num_queries(6):
        public_changes(Cursor.parse(""))


def test_it_reports_every_deadline_a_stage_move_moved(client):
    stage = make_stage(end_date=date(2024, 1, 31))
    agreement = make_published_agreement()
    for n in range(3):
        make_commitment(agreement, title=f"Tugas {n}", due_kind="stage", due_stage=stage)
    since = feed(client)["next_since"]
    stage.end_date = date(2024, 2, 29)
    stage.save()

    moved = [c for c in feed(client, since)["changes"] if c["event"] == "deadline_moved"]

    assert len(moved) == 3
    assert moved[0]["changes"]["due_on"] == {"before": "2024-01-31", "after": "2024-02-29"}


def test_an_office_site_lists_only_its_agreements_changes(client):
    bantul = make_kpu_office(slug="kpu-bantul")
    own = make_published_agreement(kpu=bantul, title="PKS Bantul")
    make_commitment(own, title="Data pemilih Bantul")
    make_commitment(make_published_agreement(title="PKS lain"), title="Data lain")

    data = client.get("/kpu-bantul/data/changes.json").json()

    assert {change["agreement_id"] for change in data["changes"]} == {own.pk}
    assert data["changes"][0]["agreement_url"].endswith(f"/kpu-bantul/agreements/{own.pk}/")


def test_an_office_atom_feed_lists_only_its_agreements_changes(client):
    bantul = make_kpu_office(slug="kpu-bantul")
    make_published_agreement(kpu=bantul, title="PKS Bantul")
    make_published_agreement(title="PKS lain")

    text = client.get("/kpu-bantul/feeds/changes/").content.decode()

    assert "PKS Bantul" in text
    assert "PKS lain" not in text


SITES = ("", "/kpu-bantul", "/kpu-sleman")


def test_a_move_to_another_office_is_an_amendment_nationally_and_a_withdrawal_and_publication_on_the_sites(
    client,
):
    bantul, sleman = make_kpu_office(slug="kpu-bantul"), make_kpu_office(slug="kpu-sleman")
    agreement = make_published_agreement(kpu=bantul, title="PKS pindah")
    since = {site: client.get(f"{site}/data/changes.json").json()["next_since"] for site in SITES}

    agreement.office = sleman
    agreement.save()

    def new_events(site):
        data = client.get(f"{site}/data/changes.json", {"since": since[site]}).json()
        return [(change["event"], change["changes"].get("office")) for change in data["changes"]]

    assert new_events("") == [("amended", {"before": "kpu-bantul", "after": "kpu-sleman"})]
    assert new_events("/kpu-bantul") == [("withdrawn", None)]
    assert new_events("/kpu-sleman") == [("published", {"before": None, "after": "kpu-sleman"})]
