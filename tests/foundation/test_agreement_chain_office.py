"""An MoU moved to another office takes its PKS and their addenda along: a chain has one office, whose staff
keep it whole and whose pages show its figures (a PKS left behind failed its own check and refreshed the old
office's pages when its progress moved the MoU's)."""

import pytest

from agreements.models import Agreement
from tests.factories import make_agreement, make_kpu_office

pytestmark = pytest.mark.django_db


def test_an_mou_moved_to_another_office_takes_its_pks_and_addenda_along():
    mou = make_agreement(kind=Agreement.Kind.MOU)
    pks = make_agreement(kind=Agreement.Kind.PKS, parent=mou, kpu=mou.office)
    addendum = make_agreement(kind=Agreement.Kind.ADDENDUM, parent=pks, kpu=mou.office)
    new_office = make_kpu_office(slug="kpu-baru")
    moved = Agreement.objects.get(pk=mou.pk)
    moved.office = new_office
    moved.save()
    for agreement in (pks, addendum):
        agreement = Agreement.objects.get(pk=agreement.pk)
        assert agreement.office == new_office
        agreement.full_clean()
