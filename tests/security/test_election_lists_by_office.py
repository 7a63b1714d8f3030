"""Another office's regional election appears in none of the workspace's lists and forms: staff of the
permission matrix's office ("kpu-uji") never see, open or pick the Pilkada of a second office."""

import pytest
from django.urls import reverse

from agreements.models import Election
from tests.factories import make_agreement, make_election, make_kpu_office, make_stage
from tests.security.conftest import client_for
from tests.security.permission_matrix import is_admin
from tests.security.test_permission_matrix import fetch
from tests.security.urlconf import all_urls
from workspace.commitment_sheet import check_rows
from workspace.forms import CopyToElectionForm

SECRET_ELECTION = "Pilkada RAHASIA-Lain"
SECRET_STAGE = "Tahapan RAHASIA-Lain"


@pytest.fixture
def pilkada(world):
    other = make_kpu_office(slug="kpu-lain", short_name="KPU Lain")
    election = make_election(
        office=other, name=SECRET_ELECTION, slug="pilkada-lain", kind=Election.Kind.REGIONAL
    )
    make_stage(election, name=SECRET_STAGE)
    return election


def staff_clients(world):
    return {role: client_for(role, world) for role in ("staff", "administrator")}


def test_it_lists_another_office_s_election_on_no_workspace_or_admin_page(world, pilkada):
    wrong = []
    for role, client in staff_clients(world).items():
        for name, route, _ in all_urls():
            # The public site and API are everyone's: an office's site lists its own (tests/public).
            if "<" in route or name == "logout" or name.startswith(("public:", "api:")):
                continue
            if is_admin(name) and not name.endswith(("_changelist", ":index")):
                continue
            for query in ("", f"?election={pilkada.slug}"):
                body = fetch(client, reverse(name) + query)[1]
                if SECRET_ELECTION in body or SECRET_STAGE in body:
                    wrong.append(f"{name}{query} as {role}")
    assert not wrong, "\n".join(wrong)


def test_it_answers_404_for_another_office_s_election_monev(world, pilkada):
    client = client_for("staff", world)
    response = client.get(reverse("workspace:monev_election", args=[pilkada.slug]))
    assert response.status_code == 404


def test_it_refuses_another_office_s_stage_as_a_monev_period(world, pilkada):
    client = client_for("staff", world)
    office = world.staff.memberships.get().organisation
    key = f"stage-{pilkada.stages.get().pk}"
    response = client.get(reverse("workspace:monev_period", args=[office.pk, key]))
    assert response.status_code == 400
    assert SECRET_STAGE not in response.text


def test_it_offers_only_usable_elections_to_copy_an_agreement_into(world, pilkada):
    offered = CopyToElectionForm(user=world.staff).fields["election"].queryset
    assert world.election in offered
    assert pilkada not in offered


def test_it_refuses_a_copy_into_another_office_s_election(world, pilkada):
    form = CopyToElectionForm({"election": pilkada.pk}, user=world.staff)
    assert not form.is_valid()


def test_it_does_not_tie_an_imported_deadline_to_another_office_s_stage(world, pilkada):
    agreement = make_agreement(kpu=world.staff.memberships.get().organisation, agency=world.a.agency)
    values = {
        "agreement_id": str(agreement.pk),
        "responsible": world.a.agency.slug,
        "title": "Sosialisasi",
        "election": pilkada.slug,
        "stage": SECRET_STAGE,
    }
    [row] = check_rows([(2, values)], world.staff)
    assert row.errors


def test_it_offers_only_usable_elections_on_the_agreement_form(world, pilkada):
    client = client_for("staff", world)
    response = client.get(reverse("admin:agreements_agreement_add"))
    assert response.status_code == 200
    assert SECRET_ELECTION not in response.text
