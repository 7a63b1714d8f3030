"""The public agreement page shows a deadline moved by a force majeure event or an addendum, with why."""

from datetime import date

import pytest

from agreements.models import Commitment, ForceMajeureEvent
from agreements.services import addendum_apply
from agreements.services_force_majeure import force_majeure_end
from tests.factories import make_agreement, make_commitment, make_published_agreement, second_party

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Pages in English, so that assertions read like the msgids."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def pks():
    return make_published_agreement(term_start=date(2023, 1, 1), term_end=date(2024, 12, 31))


@pytest.fixture
def commitment(pks):
    return make_commitment(pks, due_kind=Commitment.DueKind.FIXED, due_date=date(2024, 2, 20))


def test_it_shows_a_deadline_moved_by_force_majeure(client, pks, commitment):
    event = ForceMajeureEvent.objects.create(
        agreement=pks, starts_on=date(2024, 2, 1), reason="Banjir bandang"
    )
    event.suspended_commitments.set([commitment])
    force_majeure_end(event=event, ends_on=date(2024, 2, 10))
    page = client.get(pks.get_absolute_url()).content.decode()
    assert "20 February 2024 → 1 March 2024 (Force majeure): Force majeure “Banjir bandang”" in page


def test_it_shows_a_deadline_moved_by_an_addendum(client, pks, commitment):
    kpu = pks.parties.get(role="first").organisation
    addendum = make_agreement(
        kind="addendum",
        parent=pks,
        title="Addendum I",
        kpu=kpu,
        agency=second_party(pks),
        is_published=True,  # the PKS is public, so the addendum that names itself on it must be too
    )
    addendum_apply(addendum=addendum, redate={commitment: date(2024, 6, 1)})
    page = client.get(pks.get_absolute_url()).content.decode()
    assert "20 February 2024 → 1 June 2024 (Addendum): Addendum “Addendum I”" in page
