"""Offices as tenants: staff of one office never reach another office's records, anywhere, the admin included.

The world of test_permission_matrix.py (office "kpu-uji", agencies A and B) gets a second office with its own
agency C, built alike. Staff of the first office opening C's objects get what a liaison of another agency
gets on the permission matrix (404 for anything private), and C's texts appear on none of their pages. A
province above C's office reads C's records but changes and verifies none of them.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override

from agencies.models import Membership, Organisation
from agencies.offices import OfficeLevel
from agencies.roles import membership_grant_error
from tests.conftest import logged_in
from tests.factories import make_kpu_office, national_kpu_office
from tests.security.conftest import client_for
from tests.security.permission_matrix import cases, is_admin
from tests.security.test_permission_matrix import fetch, outcome
from tests.security.urlconf import all_urls


def staff_clients(world):
    return {role: client_for(role, world) for role in ("staff", "administrator")}


def test_staff_of_another_office_get_what_an_outsider_gets_on_every_page(world, offices):
    side, login_path, wrong = offices["side"], "/accounts/login/", []
    for role, client in staff_clients(world).items():
        for name, _, _ in all_urls():
            if is_admin(name):
                continue
            for row in cases(name):
                if not row.kwargs or row.not_scoped:
                    continue
                url = reverse(name, kwargs=row.kwargs(world, side))
                got = outcome(fetch(client, url)[0], login_path=login_path)
                # A liaison of another agency is the outsider: 404 for anything private, public pages alike.
                if got != row.expected["liaison_b"]:
                    wrong.append(f"{name} {url} as {role}: expected {row.expected['liaison_b']}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_no_page_of_theirs_shows_another_office_s_records(world, offices):
    side, wrong = offices["side"], []
    for role, client in staff_clients(world).items():
        for name, route, _ in all_urls():
            if "<" in route or name in ("logout", "workspace:restore"):
                continue
            if is_admin(name) and not name.endswith(("_changelist", ":index")):
                continue
            body = fetch(client, reverse(name))[1]
            leaked = [secret for secret in side.secrets if secret in body]
            if leaked:
                wrong.append(f"{name} as {role} shows {leaked}")
    assert not wrong, "\n".join(wrong)


def admin_pages(obj):
    meta = obj._meta
    prefix = f"admin:{meta.app_label}_{meta.model_name}"
    return [reverse(f"{prefix}_{page}", args=[obj.pk]) for page in ("change", "history", "delete")]


def owned_records(offices):
    side = offices["side"]
    return [side.draft, side.commitment, side.report, side.evidence, side.private_document, offices["party"]]


def test_the_admin_does_not_find_another_office_s_records(world, offices):
    secrets, wrong = offices["side"].secrets, []
    for role, client in staff_clients(world).items():
        for record in owned_records(offices):
            for url in admin_pages(record):
                response, body = fetch(client, url)
                # The admin sends a missing object to its index with a message; the delete page of a
                # read-only kind refuses before it looks (403 for any number): never a page of the record.
                if response.status_code not in (302, 403, 404) or any(secret in body for secret in secrets):
                    wrong.append(f"{url} as {role}: {response.status_code}")
                elif response.status_code == 302:
                    assert response["Location"] == reverse("admin:index")
    assert not wrong, "\n".join(wrong)


def test_the_admin_does_not_find_another_office_or_its_staff(world, offices):
    client = client_for("administrator", world)
    other_staff = offices["other_staff"]
    membership = Membership.objects.get(user=other_staff)
    for url in [
        *admin_pages(offices["other"])[:1],
        *admin_pages(other_staff)[:1],
        *admin_pages(membership)[:1],
    ]:
        assert client.get(url).status_code in (302, 404), url


def test_an_administrator_gives_roles_in_their_own_office_only(world, offices):
    with override("en"):
        error = membership_grant_error(
            actor=world.administrator,
            user=world.a.liaison,
            organisation=offices["other"],
            role="staff",
        )
    assert error == "You may give roles only in your own office."


def test_a_province_reads_its_regencies_records_but_changes_none(offices):
    client = logged_in(offices["province_staff"])
    side = offices["side"]
    change = reverse("admin:agreements_agreement_change", args=[side.draft.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert side.draft.title in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change, {"title": "Diubah provinsi"}).status_code == 403
    assert client.get(reverse("workspace:monev_agreement", args=[side.draft.pk])).status_code == 200


def test_a_province_does_not_verify_a_regency_s_report(offices):
    client = logged_in(offices["province_staff"])
    report = offices["side"].report
    url = reverse("portal:report", args=[report.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "accept", "version": report.version, "comment": ""})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.is_awaiting_review
    assert report.commitment.title not in client.get(reverse("portal:verify")).content.decode()


def test_a_province_does_not_report_on_a_regency_s_commitment(offices):
    client = logged_in(offices["province_staff"])
    commitment = offices["side"].commitment
    page = client.get(reverse("portal:commitment", args=[commitment.pk])).content.decode()
    assert reverse("portal:report_create", args=[commitment.pk]) not in page
    url = reverse("portal:report_create", args=[commitment.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"summary": "Dari provinsi", "claim": "done", "last_report": 0}).status_code == 404
    )
    assert not commitment.reports.filter(summary="Dari provinsi").exists()


def test_the_office_s_own_staff_report_on_its_commitments(offices):
    commitment = offices["side"].commitment
    page = logged_in(offices["other_staff"]).get(reverse("portal:commitment", args=[commitment.pk]))
    assert reverse("portal:report_create", args=[commitment.pk]) in page.content.decode()


def test_the_office_s_own_staff_verify_its_reports(offices):
    client = logged_in(offices["other_staff"])
    report = offices["side"].report
    assert report.commitment.title in client.get(reverse("portal:verify")).content.decode()


def test_a_regency_office_sits_under_its_province(db):
    province = make_kpu_office(office_level=OfficeLevel.PROVINCE)
    regency = make_kpu_office(parent=province)
    regency.full_clean()
    national = national_kpu_office()
    regency.parent = national
    with override("en"), pytest.raises(ValidationError, match="province's office"):
        regency.full_clean()
    assert Organisation.objects.offices().count() == 3


def test_an_administrator_cannot_move_or_close_their_own_office(world):
    office = world.a.published.office
    office.office_level = OfficeLevel.REGENCY
    office.save()
    client = client_for("administrator", world)
    url = reverse("admin:agencies_organisation_change", args=[office.pk])
    page = client.get(url).content.decode()
    assert 'name="parent"' not in page
    assert 'name="is_active"' not in page
    assert 'name="name"' in page


def test_staff_cannot_create_a_kpu_office(world):
    page = client_for("staff", world).get(reverse("admin:agencies_organisation_add")).content.decode()
    assert 'value="election_commission"' not in page
    assert 'value="agency"' in page
