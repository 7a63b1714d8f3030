"""Text pasted with control characters (Word and Excel paste a vertical tab for a line break) is stored
without them; a row stored before that, or written around save(), still leaves every feed and workbook
answering, with those characters cleaned (kpu_coop.text)."""

import io
from datetime import date
from xml.etree import ElementTree

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Organisation
from agreements.models import Agreement, Commitment, DueDateChange
from kpu_coop.text import printable_text
from tests.factories import make_commitment, make_organisation, make_published_agreement, make_staff

pytestmark = pytest.mark.django_db

# As stored, and as a feed or workbook shows it: a vertical tab or form feed a line break, the rest dropped.
AGREEMENT = ("PKS Dukcapil\x0bTahun 2024\x01", "PKS Dukcapil\nTahun 2024")
AGENCY = ("Dinas\x0bKependudukan\x01", "Dinas\nKependudukan")
COMMITMENT = ("Data\x0bpemilih\x01 diserahkan", "Data\npemilih diserahkan")
NOTE = ("Banjir\x0cbandang\x02", "Banjir\nbandang")

FEEDS = {
    "feed_agreements": [AGREEMENT, AGENCY],
    "feed_progress": [AGREEMENT, AGENCY, COMMITMENT],
    "feed_deadlines": [AGREEMENT, COMMITMENT, NOTE],
    "feed_changes": [AGREEMENT, COMMITMENT],
}


@pytest.fixture
def pasted(settings):
    """A published agreement, its agency, a commitment verified done and a moved deadline, each with
    control characters in its stored text, as rows kept before saving cleaned them."""
    # The changes feed holds back the newest seconds; a test's changes are all that new.
    settings.CHANGES_FEED_SETTLE_SECONDS = 0
    agency = make_organisation(name=AGENCY[0])
    agreement = make_published_agreement(title=AGREEMENT[0], agency=agency)
    commitment = make_commitment(
        agreement,
        title=COMMITMENT[0],
        description=NOTE[0],
        status=Commitment.Status.DONE,
        status_changed_at=timezone.now(),
        due_kind=Commitment.DueKind.FIXED,
        due_date=date(2024, 3, 1),
    )
    commitment.due_date = date(2024, 4, 1)
    commitment.due_change_reason, commitment.due_change_note = DueDateChange.Reason.FORCE_MAJEURE, NOTE[0]
    commitment.save()
    # Written around save(), whose cleaning would otherwise leave the writers nothing to clean.
    Organisation.objects.filter(pk=agency.pk).update(name=AGENCY[0])
    Agreement.objects.filter(pk=agreement.pk).update(title=AGREEMENT[0])
    Commitment.objects.filter(pk=commitment.pk).update(title=COMMITMENT[0], description=NOTE[0])
    DueDateChange.objects.filter(commitment=commitment).update(note=NOTE[0])
    agreement.refresh_from_db()
    return agreement


def feed_text(response):
    """Every text and attribute value of the feed, parsed as XML (which fails on what XML 1.0 cannot hold)."""
    root = ElementTree.fromstring(response.content)
    return "\n".join(
        [*root.itertext(), *(value for element in root.iter() for value in element.attrib.values())]
    )


@pytest.mark.parametrize("name", FEEDS)
@pytest.mark.parametrize("site", ["national", "office"])
def test_it_answers_every_feed_with_the_control_characters_cleaned(client, pasted, name, site):
    url = (
        reverse(f"public:{name}")
        if site == "national"
        else f"/{pasted.office.slug}{reverse(f'public:{name}')}"
    )

    response = client.get(url)

    assert response.status_code == 200
    text = feed_text(response)
    for stored, shown in FEEDS[name]:
        assert shown in text
        assert stored not in text


def test_it_exports_commitments_from_the_admin_as_a_workbook_with_the_control_characters_cleaned(
    client, pasted
):
    client.force_login(make_staff())

    response = client.get(reverse("admin:agreements_commitment_export", args=["xlsx"]))

    assert response.status_code == 200
    [header, row] = workbook_rows(response.content)
    assert [row[header.index(column)] for column in ("title", "agreement_title", "description")] == [
        COMMITMENT[1],
        AGREEMENT[1],
        NOTE[1],
    ]


def test_it_exports_agreements_from_the_admin_as_a_workbook_with_the_control_characters_cleaned(
    client, pasted
):
    client.force_login(make_staff())

    response = client.get(reverse("admin:agreements_agreement_export", args=["xlsx"]))

    assert response.status_code == 200
    [header, row] = workbook_rows(response.content)
    assert row[header.index("title")] == AGREEMENT[1]


def test_it_serves_the_open_data_file_for_excel_with_the_text_as_stored(client, pasted):
    # It is CSV, not a workbook: CSV holds any character, so the text stays exactly as stored.
    response = client.get(reverse("public:commitments_excel"))

    assert response.status_code == 200
    text = response.getvalue().decode("utf-8-sig")
    assert COMMITMENT[0] in text and AGREEMENT[0] in text


def test_it_keeps_tabs_line_breaks_and_any_other_unicode_as_they_are():
    text = "Kerja\tsama\r\nKPU — Dukcapil: ½ · 選挙 🗳\x7f\u0085\u00a0"

    assert printable_text(text) == text


def test_it_drops_what_xml_cannot_hold_and_makes_a_vertical_tab_or_form_feed_a_line_break():
    assert printable_text("a\x0bb\x0cc\x00d\x01e\x08f\x0eg\x1fh\ufffei\uffffj") == "a\nb\ncdefghij"


def workbook_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(values) for values in sheet.iter_rows(values_only=True)]
