"""Indonesian where Python or a library wrote English: the import's unreadable-CSV message, the admin's titles
of due date changes and of login lockout records (in Jakarta time), and its yes/no icons' alt text."""

import csv
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import make_agreement, make_commitment, make_staff

pytestmark = pytest.mark.django_db


def visible_text(response):
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff())
    return client


@pytest.fixture
def csv_field_limit():
    """The csv module's own limit: frictionless (the open data tests) raises it for the whole process."""
    previous = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(previous)


@pytest.mark.usefixtures("csv_field_limit")
def test_the_import_explains_an_unreadable_csv_in_indonesian(staff_client):
    # One cell longer than the csv module's field limit (131,072 characters), in a file well under 5 MB.
    content = b"agreement_id,responsible,title\n1,dukcapil," + b"x" * 140_000 + b"\n"
    response = staff_client.post(
        reverse("workspace:commitment_import"), {"file": SimpleUploadedFile("data.csv", content)}
    )
    assert response.status_code < 500
    errors = response.context["check"].file_errors
    assert errors and errors[0].startswith("Berkas CSV")
    assert "field larger than field limit" not in errors[0]
    assert "131.072" in errors[0]


def test_the_commitment_admin_titles_its_due_date_moves_in_indonesian(staff_client):
    commitment = make_commitment(make_agreement())
    commitment.due_kind, commitment.due_date = "fixed", date(2024, 3, 1)
    commitment.save()  # no due date before: a move from None
    commitment.due_date = date(2024, 4, 1)
    commitment.save()
    response = staff_client.get(reverse("admin:agreements_commitment_change", args=[commitment.pk]))
    assert response.status_code == 200
    text = visible_text(response)
    # Each row of the "due date changes" table is titled by DueDateChange.__str__.
    assert f"{commitment.pk}: None →" not in text
    assert "2024-03-01 → 2024-04-01" not in text
    assert "1 Maret 2024 → 1 April 2024" in text


def test_the_lockout_admin_names_access_logs_in_indonesian_and_jakarta_time(staff_client):
    from axes.models import AccessLog

    log = AccessLog.objects.order_by("-pk").first()  # the staff login of the fixture
    assert log is not None
    response = staff_client.get(reverse("admin:axes_accesslog_change", args=[log.pk]))
    assert response.status_code == 200
    text = visible_text(response)
    assert "Access Log for" not in text
    assert "+00:00" not in text
    assert f"Masuk oleh {log.username}" in text


def test_the_admin_list_names_its_yes_no_icons_in_indonesian(staff_client):
    make_agreement(title="PKS terbit", is_published=True)
    response = staff_client.get(reverse("admin:agreements_agreement_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="field-is_published"><img' in page
    # What a screen reader says for the "published" column's icon.
    assert 'alt="True"' not in page and 'alt="False"' not in page
    assert 'alt="Ya"' in page
