"""KPU staff have one navigation, the same in the workspace, the verification queue and the admin."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import ProgressReport
from tests.factories import make_commitment, make_report

STAFF_LINKS = [
    ("workspace:dashboard", "Dashboard"),
    ("portal:verify", "Verification queue"),
    ("workspace:monev_index", "Monev reports"),
    ("workspace:commitment_import", "Import commitments"),
    ("workspace:deleted_records", "Deleted records"),
    ("admin:index", "Administration"),
]


def staff_menu(response):
    html = response.content.decode()
    found = re.search(r'<nav class="staff-nav[^"]*" aria-label="Staff menu">(.*?)</nav>', html, re.S)
    assert found, "no staff menu on the page"
    return found.group(1)


def current_link(menu):
    """The text of the link marked as the current page."""
    marked = re.findall(r'aria-current="page">([^<]*)<', menu)
    assert len(marked) == 1, marked
    return marked[0].strip()


@pytest.mark.parametrize(
    "url",
    [
        reverse("workspace:dashboard"),
        reverse("portal:verify"),
        reverse("portal:tasks"),
        reverse("admin:index"),
        reverse("admin:agreements_agreement_changelist"),
        reverse("workspace:deleted_records"),
    ],
)
def test_it_shows_every_staff_place_on_every_staff_page(staff_client, url):
    menu = staff_menu(staff_client.get(url))
    for name, label in STAFF_LINKS:
        assert f'href="{reverse(name)}"' in menu, name
        assert label in menu


@pytest.mark.parametrize(
    ("url", "current"),
    [
        (reverse("workspace:dashboard"), "Dashboard"),
        (reverse("workspace:agency_progress"), "Dashboard"),
        (reverse("portal:verify"), "Verification queue"),
        (reverse("workspace:monev_index"), "Monev reports"),
        (reverse("workspace:commitment_import"), "Import commitments"),
        (reverse("workspace:deleted_records"), "Deleted records"),
        (reverse("admin:index"), "Administration"),
        (reverse("admin:agreements_commitment_changelist"), "Administration"),
    ],
)
def test_it_marks_the_current_place(staff_client, url, current):
    assert current_link(staff_menu(staff_client.get(url))) == current


def test_it_counts_the_reports_awaiting_review(staff_client, staff):
    commitment = make_commitment()
    make_report(commitment)
    make_report(commitment)
    make_report(commitment, status=ProgressReport.Status.ACCEPTED, reviewer=staff, reviewed_at=timezone.now())
    menu = staff_menu(staff_client.get(reverse("admin:index")))
    assert (
        '<span class="staff-nav-count">2<span class="staff-nav-hidden"> reports awaiting review</span></span>'
        in menu
    )


def test_it_gives_liaisons_their_own_menu_and_not_the_staff_one(client, liaison):
    client.force_login(liaison)
    html = client.get(reverse("portal:tasks")).content.decode()
    assert 'aria-label="Portal menu"' in html
    assert "Staff menu" not in html
    assert reverse("workspace:dashboard") not in html


def test_it_keeps_the_portal_pages_of_staff_in_a_menu_of_their_own(staff_client):
    html = staff_client.get(reverse("portal:calendar")).content.decode()
    portal_menu = re.search(r'<nav class="portal-subnav" aria-label="Portal menu">(.*?)</nav>', html, re.S)
    assert re.search(r'aria-current="page">Calendar<', portal_menu.group(1))


def test_it_brands_the_admin_as_the_application(staff_client):
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "Django administration" not in html
    assert '<div id="site-name"><a href="/admin/">KPU cooperation</a></div>' in html
    assert "<title>Administration | kpu-coop</title>" in html


def test_it_brands_the_admin_in_indonesian(staff_client, settings):
    settings.LANGUAGE_CODE = "id"
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert ">Kerja sama KPU</a>" in html
    assert "Administrasi Django" not in html


def test_it_loads_the_menu_styles_in_the_admin_with_the_policy_nonce(staff_client):
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert re.search(r'<link rel="stylesheet" href="/static/css/staff\.css" nonce="[^"]+">', html)
