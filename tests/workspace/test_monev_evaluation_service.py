"""The evaluation service: own office only, and two first saves at once never overwrite or fail."""

import pytest
from django.core.exceptions import PermissionDenied

from agencies.offices import OfficeLevel
from agreements import services_monev
from agreements.models import MonevEvaluation
from agreements.services_monev import EvaluationConflict, monev_evaluation_save
from tests.factories import default_kpu_office, make_agreement, make_kpu_office, make_kpu_staff

TEXTS = {"obstacles": "Kendala", "recommendations": "Saran", "follow_up": "Tindak lanjut"}


@pytest.fixture
def agreement(db):
    return make_agreement(kpu=default_kpu_office())


def save(agreement, author, version=0, **texts):
    return monev_evaluation_save(
        agreement=agreement, period="2024-Q2", author=author, version=version, **{**TEXTS, **texts}
    )


def test_it_creates_then_counts_versions_up(agreement):
    staff = make_kpu_staff()
    assert save(agreement, staff).version == 1
    assert save(agreement, staff, version=1, obstacles="Baru").version == 2
    assert MonevEvaluation.objects.get().obstacles == "Baru"


def test_it_refuses_a_province_on_a_regency_s_agreement(agreement):
    province = make_kpu_office(slug="kpu-prov", office_level=OfficeLevel.PROVINCE)
    office = agreement.office
    office.parent = province
    office.save()
    with pytest.raises(PermissionDenied):
        save(agreement, make_kpu_staff(office=province))


def test_a_first_save_that_loses_the_race_is_a_conflict_not_an_error(agreement, monkeypatch):
    staff = make_kpu_staff()
    theirs = save(agreement, staff, obstacles="Milik rekan")
    # As if the colleague's row was committed after our read: the insert meets the unique constraint.
    original, reads = services_monev.locked_evaluation, []

    def read_too_early(*args):
        reads.append(args)
        return None if len(reads) == 1 else original(*args)

    monkeypatch.setattr(services_monev, "locked_evaluation", read_too_early)
    with pytest.raises(EvaluationConflict) as conflict:
        save(agreement, staff, obstacles="Milik saya")
    assert conflict.value.current.pk == theirs.pk
    assert MonevEvaluation.objects.get().obstacles == "Milik rekan"
    assert len(reads) == 2


def test_writing_an_evaluation_leaves_the_public_pages_cached():
    from kpu_coop import invalidation

    scopes = invalidation.scope_of_tables()
    assert scopes["agreements_monevevaluation"] == scopes["agreements_historicalmonevevaluation"]
    assert scopes["agreements_monevevaluation"] == invalidation.INTERNAL


def test_an_agreement_moved_to_another_office_takes_its_evaluations_along(agreement):
    first_office = agreement.office
    save(agreement, make_kpu_staff())
    new_office = make_kpu_office(slug="kpu-baru")
    moved = type(agreement).objects.get(pk=agreement.pk)
    moved.office = new_office
    moved.save()

    evaluation = MonevEvaluation.objects.get()
    assert evaluation.office == new_office
    assert list(MonevEvaluation.objects.visible_to(make_kpu_staff(office=new_office))) == [evaluation]
    assert not MonevEvaluation.objects.visible_to(make_kpu_staff(office=first_office)).exists()
    # Its new office writes the next version; the old one may no longer.
    assert save(moved, make_kpu_staff(office=new_office), version=1, obstacles="Baru").version == 2
    with pytest.raises(PermissionDenied):
        save(moved, make_kpu_staff(office=first_office), version=2)
