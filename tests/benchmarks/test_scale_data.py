import pytest
from django.core.management import CommandError, call_command

from agencies.models import Organisation, Region
from agencies.offices import OfficeLevel
from agreements.models import Agreement, Commitment, ProgressReport
from benchmarks.scale_data import SLUG_PREFIX, ScaleSize
from tests.factories import make_kpu_office

pytestmark = pytest.mark.django_db
SMALL = {"offices": 3, "agreements": 12, "commitments": 40, "reports": 90}


def generate(**size):
    call_command("generate_scale_data", **(SMALL | size), stdout=None)


def test_it_generates_exactly_the_requested_numbers():
    generate()
    offices = Organisation.objects.filter(kind=Organisation.Kind.ELECTION_COMMISSION)
    assert offices.filter(office_level=OfficeLevel.REGENCY).count() == 3
    assert Agreement.objects.count() == 12
    assert Commitment.objects.count() == 40
    assert ProgressReport.objects.count() == 90


def test_it_builds_the_office_hierarchy_on_the_real_regions():
    generate()
    # The generator's own offices, under the one KPU RI (the migrations').
    offices = Organisation.objects.filter(
        kind=Organisation.Kind.ELECTION_COMMISSION, slug__startswith=SLUG_PREFIX
    ).select_related("region", "parent__region")
    national = Organisation.objects.offices().get(office_level=OfficeLevel.NATIONAL)
    for office in offices.filter(office_level=OfficeLevel.REGENCY):
        office.full_clean()
        assert office.parent.region == office.region.parent
        assert office.parent.parent == national


def test_it_makes_every_pks_a_child_of_its_office_mou():
    generate()
    pks = Agreement.objects.filter(kind=Agreement.Kind.PKS).select_related("parent")
    assert {agreement.parent.kind for agreement in pks} == {Agreement.Kind.MOU}


def test_it_marks_done_only_commitments_with_an_accepted_done_report():
    generate()
    for commitment in Commitment.objects.filter(status=Commitment.Status.DONE):
        latest = commitment.reports.order_by("-pk").first()
        assert (latest.status, latest.claim) == (ProgressReport.Status.ACCEPTED, "done")


def test_it_links_each_pks_to_the_focus_areas_of_its_commitments():
    generate()
    for agreement in Agreement.objects.filter(kind=Agreement.Kind.PKS).prefetch_related("focus_areas"):
        areas = set(agreement.commitments.values_list("focus_area_id", flat=True))
        assert {area.pk for area in agreement.focus_areas.all()} == areas


def test_it_stores_due_dates_that_match_their_stage():
    generate()
    for commitment in Commitment.objects.select_related("due_stage")[:20]:
        assert commitment.due_on == commitment.compute_due_on()


def test_it_refuses_to_generate_twice_into_the_same_database():
    generate()
    with pytest.raises(CommandError, match="fresh database"):
        generate()


def test_it_refuses_sizes_that_leave_an_office_without_a_pks():
    with pytest.raises(CommandError, match="agreements >= 2 x offices"):
        generate(offices=10, agreements=15)


def test_it_meets_a_total_that_the_offices_do_not_divide():
    generate(agreements=11)
    assert Agreement.objects.count() == 11


def test_its_default_size_is_the_whole_hierarchy():
    """One office per regency and city, so every province has its office and regencies."""
    assert ScaleSize().offices == Region.objects.exclude(level=Region.Level.PROVINCE).count() == 514


def test_it_gives_no_region_a_second_office():
    """`make bench` loads the demo's KPU Kabupaten Bantul first: the generator leaves its region to it, and
    puts its own offices under a province's office that exists."""
    regency = Region.objects.exclude(level=Region.Level.PROVINCE).order_by("code").first()
    mine = make_kpu_office(region=regency, slug="kpu-sudah-ada")
    province = make_kpu_office(region=regency.parent, office_level=OfficeLevel.PROVINCE, slug="kpu-provinsi")
    generate()
    offices = Organisation.objects.offices().exclude(region=None)
    assert offices.values("region").distinct().count() == offices.count()
    assert offices.get(region=regency) == mine
    assert offices.filter(parent=province).count() > 0
