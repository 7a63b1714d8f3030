"""An agreement's history page names the elections and focus areas each version linked, as simple-history's
own diff did before the page read every version's links at once (kpu_coop/history_admin.py)."""

import re

import pytest
from django.urls import reverse

from agreements.models import Election
from tests.factories import make_agreement, make_election, make_focus_area, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff())
    return client


def changes(client, agreement):
    """The history page's change lines, newest version first, as "field: old → new"."""
    page = client.get(reverse("admin:agreements_agreement_history", args=[agreement.pk])).content.decode()
    lines = re.findall(r"<li><strong>(.*?)</strong>(.*?)</li>", page, re.DOTALL)
    return [f"{field} {change.replace('&nbsp;&rarr;&nbsp;&nbsp;', ' → ').strip()}" for field, change in lines]


def test_it_names_the_elections_a_version_added_beside_those_it_kept(staff_client):
    agreement = make_agreement()
    agreement.elections.add(make_election(name="Pemilu B"))
    agreement.elections.add(make_election(name="Pemilu A"))
    assert changes(staff_client, agreement)[0] == "Pemilihan yang dicakup: Pemilu B → Pemilu A, Pemilu B"


def test_it_names_the_focus_areas_a_version_removed(staff_client):
    agreement = make_agreement()
    kept, removed = make_focus_area(name="Bidang Tetap"), make_focus_area(name="Bidang Dilepas")
    agreement.focus_areas.add(kept, removed)
    agreement.focus_areas.remove(removed)
    assert (
        changes(staff_client, agreement)[0]
        == "Bidang kerja sama: Bidang Dilepas, Bidang Tetap → Bidang Tetap"
    )


def test_it_names_a_linked_election_deleted_since_as_deleted(staff_client):
    agreement = make_agreement()
    gone = make_election(name="Pemilu Dihapus")
    agreement.elections.add(gone)
    agreement.elections.remove(gone)
    Election.objects.filter(pk=gone.pk).delete()
    assert (
        changes(staff_client, agreement)[0]
        == f"Pemilihan yang dicakup: pemilihan yang dihapus (pk={gone.pk}) → —"
    )


def test_it_shows_no_change_of_links_on_a_version_that_kept_them(staff_client):
    agreement = make_agreement()
    agreement.elections.add(make_election(name="Pemilu Tetap"))
    agreement.title = "Judul baru"
    agreement.save()
    links = [line for line in changes(staff_client, agreement) if line.startswith("Pemilihan")]
    assert links == ["Pemilihan yang dicakup: — → Pemilu Tetap"]
