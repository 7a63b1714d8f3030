"""The monev period pages are valid HTML by the W3C Nu HTML checker, and skip no heading level."""

import json
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from agreements.models import MonevEvaluation
from tests.factories import default_kpu_office, make_agreement, make_commitment, make_kpu_staff
from tests.foundation.test_html_validity import INSTALL_VNU, JAVA, VNU, Outline
from tests.tools import require


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
    problems = []
    for url, html in pages:
        outline = Outline()
        outline.feed(html)
        problems += [f"{url}: {problem}" for problem in outline.problems]
    assert not problems, "\n".join(problems)


def test_they_are_valid_html(pages, tmp_path):
    require(VNU, "vnu-jar", INSTALL_VNU)
    require(Path(JAVA) if JAVA else None, "Java", "apt-get install default-jre-headless")
    names = {}
    for number, (url, html) in enumerate(pages):
        (tmp_path / f"{number}.html").write_text(html)
        names[f"{number}.html"] = url
    files = [str(tmp_path / name) for name in names]
    checked = subprocess.run(
        [JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=180,
    )
    errors = [
        f"{names.get(Path(m.get('url', '')).name)} line {m.get('lastLine')}: {m['message']}"
        for m in json.loads(checked.stderr)["messages"]
    ]
    assert not errors, "\n".join(errors)
