"""Stored web addresses are links only when http(s), however they reached the database."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from agencies.models import Organisation
from agreements.models import ProgressReport
from tests.factories import (
    make_commitment,
    make_organisation,
    make_published_agreement,
    make_report,
    make_staff,
    make_user,
)

pytestmark = pytest.mark.django_db

SCRIPT = "javascript:alert(1)"


def hrefs(html):
    return re.findall(r'href="([^"]*)"', html)


def scripted_links(html):
    return [href for href in hrefs(html) if "alert" in href]


@pytest.fixture
def agency():
    agency = make_organisation(short_name="Dukcapil", slug="dukcapil")
    # .update(): no form, no full_clean, as a shell session or a bulk edit would write it.
    Organisation.objects.filter(pk=agency.pk).update(website=SCRIPT)
    return agency


@pytest.fixture
def report(agency):
    commitment = make_commitment(make_published_agreement(agency=agency))
    return make_report(commitment, links=f"{SCRIPT}\nhttps://dukcapil.example.org/laporan")


def test_the_public_agency_page_shows_a_script_address_as_plain_text(client, agency):
    make_published_agreement(agency=agency)

    response = client.get(reverse("public:organisation_detail", args=[agency.slug]))

    assert scripted_links(response.text) == []
    assert SCRIPT in response.text


def test_the_public_agency_page_links_an_https_website(client):
    agency = make_organisation(slug="dukcapil", website="https://dukcapil.example.org/")
    make_published_agreement(agency=agency)

    response = client.get(reverse("public:organisation_detail", args=[agency.slug]))

    assert "https://dukcapil.example.org/" in hrefs(response.text)


def test_the_portal_report_page_links_only_the_https_address(client, report):
    client.force_login(make_user(organisation=report.commitment.responsible))

    response = client.get(reverse("portal:report", args=[report.pk]))

    assert scripted_links(response.text) == []
    assert SCRIPT in response.text
    assert "https://dukcapil.example.org/laporan" in hrefs(response.text)


def test_the_portal_commitment_page_links_no_script_address(client, report):
    client.force_login(make_user(organisation=report.commitment.responsible))

    response = client.get(reverse("portal:commitment", args=[report.commitment.pk]))

    assert scripted_links(response.text) == []


def test_the_monev_report_links_no_script_address(client, report):
    staff = make_staff()
    ProgressReport.objects.filter(pk=report.pk).update(
        status=ProgressReport.Status.ACCEPTED, reviewer=staff, reviewed_at=timezone.now()
    )
    client.force_login(staff)

    response = client.get(reverse("workspace:monev_agreement", args=[report.commitment.agreement_id]))

    assert response.status_code == 200
    assert SCRIPT in response.text
    assert scripted_links(response.text) == []


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(lambda agency, report: reverse("admin:agencies_organisation_change", args=[agency.pk])),
        pytest.param(
            lambda agency, report: reverse("admin:agreements_progressreport_change", args=[report.pk])
        ),
    ],
    ids=["organisation", "progress-report"],
)
def test_the_admin_links_no_script_address(client, agency, report, page):
    client.force_login(make_staff())

    response = client.get(page(agency, report))

    assert response.status_code == 200
    assert scripted_links(response.text) == []


def test_the_admin_links_no_ftp_website_either(client):
    agency = make_organisation()
    Organisation.objects.filter(pk=agency.pk).update(website="ftp://files.example.org/")
    client.force_login(make_staff())

    response = client.get(reverse("admin:agencies_organisation_change", args=[agency.pk]))

    assert "ftp://files.example.org/" in response.text
    assert "ftp://files.example.org/" not in hrefs(response.text)


@pytest.mark.parametrize("website", [SCRIPT, "ftp://files.example.org/", "data:text/html,hi"])
def test_an_organisation_refuses_a_website_that_is_not_http(website):
    agency = make_organisation(website=website)

    with pytest.raises(ValidationError) as refused:
        agency.full_clean()

    assert refused.value.message_dict["website"] == [
        "Masukkan alamat web yang diawali http:// atau https://."
    ]


def test_an_organisation_accepts_an_https_website():
    make_organisation(website="https://dukcapil.example.org/").full_clean()


def test_a_report_refuses_a_link_that_is_not_http(report):
    with pytest.raises(ValidationError) as refused:
        report.full_clean()

    assert refused.value.message_dict["links"] == [
        f"“{SCRIPT}” bukan alamat web (seharusnya diawali https:// atau http://)."
    ]


def test_a_report_accepts_http_links_one_per_line(report):
    report.links = "https://dukcapil.example.org/a\n\n  http://dukcapil.example.org/b  "

    report.full_clean()


def render(template, value):
    return Template("{% load safe_links %}" + template).render(Context({"value": value}))


@pytest.mark.parametrize(
    "value",
    [
        SCRIPT,
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://files.example.org/",
        "//evil.example.org/",
        "https:alert(1)",
        "",
        None,
    ],
)
def test_http_url_gives_nothing_for_another_scheme(value):
    assert render("{{ value|http_url }}", value) == ""


@pytest.mark.parametrize("value", ["https://dukcapil.example.org/a?b=1&c=2", "HTTP://DUKCAPIL.EXAMPLE.ORG"])
def test_http_url_gives_back_an_http_address(value):
    assert render("{% autoescape off %}{{ value|http_url }}{% endautoescape %}", value) == value


def test_web_link_shows_another_scheme_as_escaped_text():
    html = render("{{ value|web_link }}", 'javascript:alert("<b>")')

    assert html == "javascript:alert(&quot;&lt;b&gt;&quot;)"


def test_web_link_links_an_https_address_without_credit_or_opener():
    html = render("{{ value|web_link }}", "https://dukcapil.example.org/?a=1&b=2")

    assert html == (
        '<a href="https://dukcapil.example.org/?a=1&amp;b=2" rel="nofollow noopener noreferrer">'
        "https://dukcapil.example.org/?a=1&amp;b=2</a>"
    )
