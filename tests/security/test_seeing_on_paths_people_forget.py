"""Who may see what, on the paths people forget: a delete page's list of what it touches, a filter's name box,
a past version opened by its id, a report whose commitment moved to another agency (an audit's findings)."""

import pytest
from django.urls import reverse

from agencies.models import Region
from agencies.offices import OfficeLevel
from tests.conftest import logged_in
from tests.factories import (
    make_agreement,
    make_commitment,
    make_focus_area,
    make_kpu_office,
    make_kpu_staff,
    make_organisation,
)

SECRET = "RAHASIA kantor lain"


@pytest.fixture
def two_regencies(db):
    """Two sibling regency offices under one province: Bantul (ours) and Sleman (theirs), each with an agency
    of its own region."""
    diy, bantul, sleman = (Region.objects.get(code=code) for code in ("34", "34.02", "34.04"))
    province = make_kpu_office(
        slug="kpu-diy", short_name="KPU DIY", office_level=OfficeLevel.PROVINCE, region=diy
    )
    ours = make_kpu_office(slug="kpu-bantul", short_name="KPU Bantul", parent=province, region=bantul)
    theirs = make_kpu_office(slug="kpu-sleman", short_name="KPU Sleman", parent=province, region=sleman)
    return {
        "province": province,
        "ours": ours,
        "theirs": theirs,
        "our_agency": make_organisation(short_name="Diskominfo Bantul", region=bantul),
        "their_agency": make_organisation(short_name="Diskominfo Sleman", region=sleman),
        "our_staff": make_kpu_staff("staf_bantul", office=ours),
        "their_staff": make_kpu_staff("staf_sleman", office=theirs),
    }


def body_of(response):
    return response.content.decode()


# --- The admin's delete confirmation pages list the records a deletion would touch or is refused by --------


def test_a_shared_focus_area_s_delete_page_names_no_other_office_s_unpublished_agreements(two_regencies):
    """A focus area is shared by every office: its delete page would list every office's agreements linked
    to it, drafts included (an unregistered through model asks no permission), so deleting it is for
    superusers."""
    area = make_focus_area(slug="bidang-bersama")
    draft = make_agreement(
        kpu=two_regencies["theirs"], agency=two_regencies["their_agency"], title=f"{SECRET}: PKS"
    )
    draft.focus_areas.add(area)
    page = logged_in(two_regencies["our_staff"]).get(
        reverse("admin:agreements_focusarea_delete", args=[area.pk])
    )
    assert page.status_code == 403
    assert SECRET not in body_of(page)


# --- Portal: a report is the agency's that filed it -------------------------------------------------------


def test_a_report_and_its_evidence_stay_with_the_agency_that_filed_them(db, client):
    """A commitment handed to another agency (a party replaced after a reorganisation) leaves the old agency's
    reports and evidence files with it (ProgressReport.agency): the new agency's liaisons neither open them
    nor see them on the commitment's page."""
    from agreements.models import AgreementParty, Commitment
    from tests.factories import make_evidence, make_report, make_user, second_party

    agreement = make_agreement()
    old = second_party(agreement)
    commitment = make_commitment(agreement, title="Kewajiban yang dialihkan")
    author = make_user(organisation=old)
    report = make_report(commitment, author=author, summary="Laporan internal dinas lama")
    evidence = make_evidence(report)
    new = make_organisation(short_name="Dinas Baru")
    AgreementParty.objects.filter(agreement=agreement, organisation=old).update(organisation=new)
    Commitment.objects.filter(pk=commitment.pk).update(responsible=new)
    newcomer = make_user(organisation=new)
    client.force_login(newcomer)
    assert client.get(reverse("portal:report", args=[report.pk])).status_code == 404
    response = client.get(reverse("portal:evidence", args=[evidence.pk]))
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code == 404
    page = client.get(reverse("portal:commitment", args=[commitment.pk]))
    assert "Laporan internal dinas lama" not in body_of(page)
    client.force_login(author)
    assert client.get(reverse("portal:report", args=[report.pk])).status_code == 200


# --- Admin list filters: the name box of a short related filter ------------------------------------------


def test_the_account_list_s_organisation_name_box_does_not_tell_another_office_s_agency_s_members(
    two_regencies,
):
    """The account list's organisation filter refuses another office's agency by id (it would tell which
    accounts are its members); its name box matches only the organisations the filter offers, so a name
    does not tell it either."""
    from agencies.models import Membership
    from tests.factories import make_user

    shared = make_user("penghubung_ganda", organisation=two_regencies["our_agency"])
    Membership.objects.create(user=shared, organisation=two_regencies["their_agency"], role="liaison")
    # A second organisation of theirs, so that the filter is shown (one choice alone is no filter).
    make_user(
        organisation=make_organisation(short_name="Dukcapil Bantul", region=Region.objects.get(code="34.02"))
    )
    client = logged_in(two_regencies["our_staff"])
    url = reverse("admin:agencies_user_changelist")
    assert "penghubung_ganda" in body_of(client.get(url))
    unrelated = body_of(client.get(url, {"memberships__organisation__q": "Tidak Ada Dinas Ini"}))
    assert "penghubung_ganda" not in unrelated
    by_id = client.get(url, {"memberships__organisation__id__exact": two_regencies["their_agency"].pk})
    assert by_id.status_code == 302  # refused, as the filter's docstring says (the admin's ?e=1)
    theirs = client.get(url, {"memberships__organisation__q": "Diskominfo Sleman"})
    assert "penghubung_ganda" not in body_of(theirs)
    ours = client.get(url, {"memberships__organisation__q": "Diskominfo Bantul"})
    assert "penghubung_ganda" in body_of(ours)


# --- Admin history: one past version, opened by its id -----------------------------------------------------


def test_a_past_version_of_an_agreement_moved_to_another_office_is_not_found(two_regencies):
    """An agreement moved to another office is not found by its old office's staff: neither its history list
    nor a past version opened by its id, which names the old office (its "agreement chain" would show the
    agreements that follow it now at the other office, drafts included)."""
    from agreements.models import Agreement

    agreement = make_agreement(kpu=two_regencies["ours"], agency=two_regencies["our_agency"])
    first_version = agreement.history.earliest().history_id
    agreement.office = two_regencies["theirs"]
    agreement.save()
    make_agreement(
        kpu=two_regencies["theirs"],
        agency=two_regencies["our_agency"],
        kind=Agreement.Kind.ADDENDUM,
        parent=agreement,
        title=f"{SECRET}: adendum",
    )
    client = logged_in(two_regencies["our_staff"])
    history = client.get(reverse("admin:agreements_agreement_history", args=[agreement.pk]))
    assert history.status_code == 404
    version = client.get(
        reverse("admin:agreements_agreement_simple_history", args=[agreement.pk, first_version])
    )
    assert version.status_code == 404
    theirs = logged_in(two_regencies["their_staff"])
    assert (
        theirs.get(
            reverse("admin:agreements_agreement_simple_history", args=[agreement.pk, first_version])
        ).status_code
        == 200
    )
