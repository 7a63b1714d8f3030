"""Staff read the admin in Indonesian throughout, including what Django 6 and the history pages add."""

import re
from datetime import date
from pathlib import Path

import django
import pytest
import simple_history
from django.contrib.admin import site
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from agencies.models import Membership
from agreements.admin.agreements import PartyInline
from agreements.models import Agreement
from kpu_coop import third_party_strings
from tests.factories import (
    make_agreement,
    make_election,
    make_focus_area,
    make_organisation,
    make_staff,
    make_user,
)

pytestmark = pytest.mark.django_db

# English a page would show where Django's or django-simple-history's Indonesian catalogue has a gap.
ENGLISH = [
    "- Select an option -",
    "Filter by ",
    '"Breadcrumbs"',
    '"Sidebar"',
    ">Changes<",
    "None",
    "object (",
    " chars]",
    "relationship",
    # Django's search form names its box so in every language (templates/admin/search_form.html).
    'alt="Search"',
]


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff())
    return client


@pytest.fixture
def agreement():
    agreement = make_agreement(title="Perjanjian Kerja Sama Uji", date_signed=date(2022, 12, 28))
    agreement.elections.add(make_election(name="Pemilu Uji 2029"))
    agreement.focus_areas.add(make_focus_area(name="Bidang Uji"))
    return agreement


def admin_page(client, view, *args):
    response = client.get(reverse(f"admin:agreements_agreement_{view}", args=args))
    assert response.status_code == 200
    return response.content.decode()


def english_in(page):
    return [text for text in ENGLISH if text in page]


@pytest.mark.parametrize("view", ["add", "changelist", "change", "delete", "history"])
def test_it_shows_no_english_on_the_agreement_pages(staff_client, agreement, view):
    args = [] if view in ("add", "changelist") else [agreement.pk]
    assert english_in(admin_page(staff_client, view, *args)) == []


def test_it_shows_no_english_on_a_history_page_with_changes(staff_client, agreement):
    agreement.title = "Perjanjian Kerja Sama Uji yang judulnya diubah dan cukup panjang " * 2
    agreement.date_signed = None
    agreement.save()
    agreement.elections.clear()
    assert english_in(admin_page(staff_client, "history", agreement.pk)) == []


def test_it_names_a_blank_choice_in_indonesian(staff_client):
    assert "- Pilih salah satu -" in admin_page(staff_client, "add")


def test_it_names_the_date_filter_in_indonesian(staff_client, agreement):
    assert "Saring menurut tanggal penandatanganan" in admin_page(staff_client, "changelist")


def test_it_heads_the_history_changes_in_indonesian(staff_client, agreement):
    assert '<th scope="col">Perubahan</th>' in admin_page(staff_client, "history", agreement.pk)


def changes(page):
    """The history page's change lines, as "field: old → new"."""
    lines = re.findall(r"<li><strong>(.*?)</strong>(.*?)</li>", page, re.DOTALL)
    return [f"{field} {change.replace('&nbsp;&rarr;&nbsp;&nbsp;', ' → ').strip()}" for field, change in lines]


def test_it_shows_changed_values_as_the_form_does(staff_client, agreement):
    agreement.date_signed = None
    agreement.state = Agreement.Status.TERMINATED
    agreement.save()
    page = admin_page(staff_client, "history", agreement.pk)
    assert changes(page)[:2] == [
        "Tanggal penandatanganan: 28 Desember 2022 → —",
        "Status tercatat: Ditandatangani → Diakhiri",
    ]


def test_it_lists_linked_elections_by_name(staff_client, agreement):
    agreement.elections.clear()
    page = admin_page(staff_client, "history", agreement.pk)
    assert "Pemilihan yang dicakup: Pemilu Uji 2029 → —" in changes(page)


def test_it_names_the_links_deleted_with_an_agreement(staff_client, agreement):
    page = admin_page(staff_client, "delete", agreement.pk)
    assert "Pemilihan yang dicakup: Pemilu Uji 2029 · Perjanjian Kerja Sama Uji" in page
    assert "Bidang kerja sama yang dicakup: Bidang Uji · Perjanjian Kerja Sama Uji" in page


def test_it_shows_a_dash_for_an_unknown_author_and_reason(staff_client, agreement):
    page = re.sub(r"\s+", " ", admin_page(staff_client, "history", agreement.pk))
    assert "<td> — </td> <td>—</td>" in page


def catalogue_text(*parts):
    # A long msgid is written over several quoted lines: joined, it reads as in the source.
    return (Path(*parts) / "locale/en/LC_MESSAGES/django.po").read_text().replace('"\n"', "")


def test_it_lists_only_strings_that_django_or_simple_history_use():
    django_dir = Path(django.__file__).parent
    known = "".join(catalogue_text(django_dir, part) for part in ("conf", "contrib/admin", "contrib/auth"))
    known += "".join(path.read_text() for path in Path(simple_history.__file__).parent.glob("*.py"))
    unknown = [msgid for msgid in third_party_strings.MSGIDS if msgid.replace('"', '\\"') not in known]
    assert unknown == []


@pytest.mark.parametrize("msgid", third_party_strings.MSGIDS)
def test_it_translates_each_listed_string(msgid):
    with translation.override("id"):
        assert translation.gettext(msgid) != msgid


def test_it_translates_the_count_of_further_objects():
    (more_objects,) = third_party_strings.PLURAL_MSGIDS
    with translation.override("id"):
        assert more_objects % {"count": 3} == "…dan 3 objek lainnya."


def test_the_admin_links_the_site_icon(staff_client):
    # Without the link a browser asks for /favicon.ico on every admin page, which answers 404.
    html = staff_client.get(reverse("admin:index")).text
    assert re.search(r'<link rel="icon" href="/static/favicon[^"]*\.svg" type="image/svg\+xml">', html)


def test_it_names_a_duplicate_inline_row_by_its_field_labels(rf):
    # Django's formset named the fields' code names: "Perbaiki data ganda untuk role." (the add page).
    request = rf.get("/")
    request.user = make_staff()
    inline = PartyInline(Agreement, site)
    formset = inline.get_formset(request)(instance=Agreement())
    with translation.override("id"):
        assert formset.get_unique_error_message(["agreement", "role"]) == "Perbaiki data ganda untuk peran."
        assert formset.get_unique_error_message(["organisation"]) == "Perbaiki data ganda untuk organisasi."


def test_it_says_a_duplicate_membership_already_exists():
    # Django's catalogue said "... ini tidak ada" (does not exist) of the membership that does.
    agency = make_organisation()
    user = make_user(organisation=agency)
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        Membership(user=user, organisation=agency, role=Membership.Role.LIAISON).validate_constraints()
    assert "Keanggotaan dengan Pengguna dan Organisasi ini sudah ada." in refused.value.messages


def test_the_admin_offers_the_other_language_beside_log_out(staff_client):
    # As the workspace and the portal do: before, staff had to leave the admin to switch.
    page = staff_client.get(reverse("admin:index")).text
    assert f'<form class="language-switch" action="{reverse("set_language")}" method="post">' in page
    assert '<button type="submit" name="language" value="en" lang="en">English</button>' in page
    staff_client.post(reverse("set_language"), {"language": "en", "next": reverse("admin:index")})
    assert '<html lang="en"' in staff_client.get(reverse("admin:index")).text
