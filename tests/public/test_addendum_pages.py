"""An applied addendum's public page says what it changed in the PKS, and the PKS names the addendum beside
the term it gave (the agreement as really signed, and as amended)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Commitment
from agreements.services import addendum_apply
from tests.factories import make_agreement, make_commitment, make_published_agreement, second_party

pytestmark = pytest.mark.django_db


@pytest.fixture
def pks():
    return make_published_agreement(
        title="PKS Arsip", term_start=date(2023, 1, 1), term_end=date(2024, 12, 31)
    )


def fixed(pks, title, day):
    return make_commitment(pks, title=title, due_kind=Commitment.DueKind.FIXED, due_date=day)


def published_addendum(pks, title, **fields):
    kpu = pks.parties.get(role="first").organisation
    return make_agreement(
        kind="addendum",
        parent=pks,
        title=title,
        kpu=kpu,
        agency=second_party(pks),
        is_published=True,
        **fields,
    )


@pytest.fixture
def addendum(pks):
    addendum = published_addendum(pks, "Adendum I", term_end=date(2025, 6, 30))
    make_commitment(addendum, title="Menyimpan arsip Pilkada")
    return addendum


def page(client, agreement):
    return client.get(f"/en/agreements/{agreement.pk}/").content.decode()


def test_an_applied_addendum_lists_what_it_changed_in_the_pks(client, pks, addendum):
    retired = fixed(pks, "Menyimpan arsip lama", date(2024, 3, 1))
    redated = fixed(pks, "Menyerahkan daftar arsip", date(2024, 5, 1))
    addendum_apply(addendum=addendum, retire=[retired], redate={redated: date(2025, 2, 1)})

    text = page(client, addendum)

    assert "What this addendum changed in the PKS" in text
    assert "The PKS's term became … – 30 June 2025." in text
    assert f'href="/en/agreements/{pks.pk}/#commitment-' in text
    assert "Commitments added:" in text and "Menyimpan arsip Pilkada" in text
    assert "Commitments that no longer apply:" in text and "Menyimpan arsip lama" in text
    assert "Menyerahkan daftar arsip</a>: 1 May 2024 → 1 February 2025" in text
    assert "This addendum's commitments now belong to the PKS it amends." in text


def test_the_pks_names_the_addendum_beside_the_term_it_gave(client, pks, addendum):
    addendum_apply(addendum=addendum)

    assert f'(as amended by <a href="/en/agreements/{addendum.pk}/">Adendum I</a>)' in page(client, pks)


def test_an_addendum_not_yet_applied_lists_no_changes_and_the_pks_no_amendment(client, pks, addendum):
    assert "What this addendum changed" not in page(client, addendum)
    assert "as amended by" not in page(client, pks)


def queries_of(client, agreement):
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/en/agreements/{agreement.pk}/")
    return len(queries)


def test_an_addendum_s_changes_are_read_in_the_same_queries_however_many(client, pks, addendum, settings):
    settings.PAGE_CACHE = False
    addendum_apply(addendum=addendum, redate={fixed(pks, "Satu", date(2024, 3, 1)): date(2025, 1, 1)})
    several = published_addendum(pks, "Adendum II")
    for n in range(3):
        make_commitment(several, title=f"Baru {n}")
    moved = {fixed(pks, f"Lagi {n}", date(2024, 3, 1)): date(2025, 2, 1) for n in range(3)}
    addendum_apply(addendum=several, retire=[fixed(pks, "Lama", date(2024, 4, 1))], redate=moved)

    assert queries_of(client, addendum) == queries_of(client, several)
