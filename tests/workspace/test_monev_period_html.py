"""The monev period pages are valid HTML by the W3C Nu HTML checker, and skip no heading level."""

import pytest
from django.urls import reverse

from agreements.models import MonevEvaluation
from tests.factories import default_kpu_office, make_agreement, make_commitment, make_kpu_staff
from tests.tools import html_errors, outline_problems


@pytest.fixture
def pages(client, db):
    office = default_kpu_office()
    staff = make_kpu_staff("staf-html", office=office)
    agreement = make_agreement(kpu=office, title="PKS Arsip")
    make_commitment(agreement)
    make_agreement(kpu=office, title="PKS Tanpa Evaluasi")
    MonevEvaluation.objects.create(
        agreement=agreement, office=office, period="2026-S2", author=staff, obstacles="Satu\nDua"
    )
    client.force_login(staff)
    report = reverse("workspace:monev_period", args=[office.pk, "2026-S2"])
    evaluation = reverse("workspace:monev_evaluation", args=[office.pk, "2026-S2", agreement.pk])
    urls = [
        reverse("workspace:monev_period_choose"),
        reverse("workspace:monev_period_choose") + "?period=2026-Q1",
        report,
        reverse("workspace:monev_period", args=[office.pk, "2026-Q9"]),
        evaluation,
    ]
    found = [(url, client.get(url).content.decode()) for url in urls]
    conflict = client.post(evaluation, {"obstacles": "Lama", "version": 0})
    found.append((evaluation + " (conflict)", conflict.content.decode()))
    return found


def test_they_skip_no_heading_level(pages):
    problems = outline_problems(pages)
    assert not problems, "\n".join(problems)


def test_they_are_valid_html(pages, tmp_path):
    errors = html_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
