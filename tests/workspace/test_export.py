"""Agreements and commitments leave the admin as CSV or Excel, with the change list's filters applied."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from tests.factories import make_agreement, make_commitment, make_organisation
from tests.workspace.spreadsheet_helpers import read_csv, read_xlsx


@pytest.fixture
def agencies(db):
    dukcapil, diskominfo = make_organisation(slug="dukcapil"), make_organisation(slug="diskominfo")
    first = make_agreement(agency=dukcapil, title="PKS Dukcapil")
    second = make_agreement(agency=diskominfo, title="PKS Diskominfo")
    make_commitment(first, title='=HYPERLINK("http://example.org")')
    make_commitment(second, title="Publikasi tahapan")
    return dukcapil, diskominfo


def test_it_offers_export_links_that_keep_the_filters(staff_client, agencies):
    dukcapil, _ = agencies
    changelist = reverse("admin:agreements_commitment_changelist")
    html = staff_client.get(changelist, {"responsible__id__exact": dukcapil.pk}).content.decode()
    export = reverse("admin:agreements_commitment_export", args=["csv"])
    assert f'href="{export}?responsible__id__exact={dukcapil.pk}"' in html


def test_it_exports_only_the_filtered_commitments_as_csv(staff_client, agencies):
    dukcapil, _ = agencies
    url = reverse("admin:agreements_commitment_export", args=["csv"])
    response = staff_client.get(url, {"responsible__id__exact": dukcapil.pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response.content)
    assert [r[1] for r in rows[1:]] == ["dukcapil"]


def test_it_keeps_formula_like_text_as_text(staff_client, agencies):
    url = reverse("admin:agreements_commitment_export", args=["csv"])
    rows = read_csv(staff_client.get(url).content)
    assert '\'=HYPERLINK("http://example.org")' in [r[2] for r in rows]
    xlsx = read_xlsx(staff_client.get(reverse("admin:agreements_commitment_export", args=["xlsx"])).content)
    assert '=HYPERLINK("http://example.org")' in [r[2] for r in xlsx]


def test_it_exports_the_filtered_agreements_as_excel(staff_client, agencies):
    url = reverse("admin:agreements_agreement_export", args=["xlsx"])
    response = staff_client.get(url, {"q": "Diskominfo"})
    rows = read_xlsx(response.content)
    assert rows[0][:3] == ["id", "kind", "title"]
    assert [r[2] for r in rows[1:]] == ["PKS Diskominfo"]
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_it_exports_the_selected_agreements_from_an_action(staff_client, agencies):
    agreement = agencies[0].agreement_parties.get().agreement
    response = staff_client.post(
        reverse("admin:agreements_agreement_changelist"),
        {"action": "export_selected_csv", ACTION_CHECKBOX_NAME: [agreement.pk]},
    )
    rows = read_csv(response.content)
    assert [r[2] for r in rows[1:]] == ["PKS Dukcapil"]
    assert rows[1][rows[0].index("status")] == "signed"


def test_it_refuses_unknown_formats_and_filters(staff_client, agencies):
    assert staff_client.get(reverse("admin:agreements_agreement_export", args=["pdf"])).status_code == 404
    url = reverse("admin:agreements_agreement_export", args=["csv"])
    assert staff_client.get(url, {"no_such_field": "1"}).status_code == 400
