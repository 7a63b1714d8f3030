"""Publishing or unpublishing an agreement read before a colleague moved it to another office: the new
office's cached pages show the change (the service reads the agreement again, locked, so the write is counted
against the office it has when it commits)."""

import pytest

from agreements.models import Agreement
from agreements.services import agreement_publish, agreement_unpublish
from tests.factories import make_agreement, make_kpu_office, make_published_agreement

pytestmark = pytest.mark.django_db
TITLE = "Perjanjian yang baru diterbitkan"


@pytest.fixture
def moved(committed):
    """An agreement of kpu-satu as the admin's action read it, then moved to kpu-dua (committed meanwhile)."""
    with committed():
        first, second = make_kpu_office(slug="kpu-satu"), make_kpu_office(slug="kpu-dua")
        draft = make_agreement(kpu=first, title=TITLE)
        make_published_agreement(kpu=second)
    selected = Agreement.objects.get(pk=draft.pk)  # the action's queryset, read first
    elsewhere = Agreement.objects.get(pk=draft.pk)
    elsewhere.office = second
    with committed():
        elsewhere.save()
    return selected


def test_an_agreement_published_after_it_moved_office_shows_on_its_new_office_s_site(
    client, committed, moved
):
    listing = "/kpu-dua/agreements/"
    assert TITLE not in client.get(listing).text
    with committed():
        agreement_publish(agreement=moved)
    assert TITLE in client.get(listing).text


def test_an_agreement_unpublished_after_it_moved_office_leaves_its_new_office_s_site(
    client, committed, moved
):
    with committed():
        Agreement.objects.filter(pk=moved.pk).update(is_published=True)
    listing = "/kpu-dua/agreements/"
    assert TITLE in client.get(listing).text
    moved.is_published = True
    with committed():
        agreement_unpublish(agreement=moved)
    assert TITLE not in client.get(listing).text
