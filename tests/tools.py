"""Outside tools that some tests drive (Chromium, axe-core, the Nu HTML checker), and the HTML checks built on
them."""

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

VNU = Path(__file__).resolve().parents[1] / "var/npm/node_modules/vnu-jar/build/dist/vnu.jar"
JAVA = shutil.which("java")
INSTALL_VNU = "npm install --prefix var/npm axe-core@4.14.1 vnu-jar@26.9.27 (as .ci/run does)"


def require(path, what, install):
    """Skip when a tool is missing, except under CI, where the tests that need it must run."""
    if path is not None and path.exists():
        return
    message = f"{what} not found at {path}; install it with: {install}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (under CI these tests must run, not skip)")
    pytest.skip(message)


def html_errors(pages, folder):
    """What the W3C Nu HTML checker finds in ``pages`` (pairs of a name and its HTML), one line each with the
    page's name, the line and the markup around it; the pages are written to ``folder`` for it to read."""
    require(VNU, "vnu-jar", INSTALL_VNU)
    require(Path(JAVA) if JAVA else None, "Java", "apt-get install default-jre-headless")
    names = {}
    for number, (name, html) in enumerate(pages):
        (folder / f"{number:04d}.html").write_text(html)
        names[f"{number:04d}.html"] = name
    checked = subprocess.run(
        [
            JAVA,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *(str(folder / file) for file in names),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    return [
        f"{names.get(Path(m.get('url', '')).name, m.get('url'))} line {m.get('lastLine')}: {m['message']}"
        f" [{m.get('extract', '').strip()}]"
        for m in json.loads(checked.stderr)["messages"]
    ]


class Outline(HTMLParser):
    """Heading levels that skip one (h1, then h3) and forms with an empty action, as vnu reports them."""

    def __init__(self):
        super().__init__()
        self.level, self.problems = 0, []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            level = int(tag[1])
            if level > self.level + 1:
                self.problems.append(f"<{tag}> after <h{self.level}>" if self.level else f"<{tag}> first")
            self.level = level
        if tag == "form" and dict(attrs).get("action", None) == "":
            self.problems.append('<form action="">')


def outline_problems(pages):
    """Skipped heading levels and empty form actions in ``pages`` (pairs of a name and its HTML)."""
    problems = []
    for name, html in pages:
        outline = Outline()
        outline.feed(html)
        problems += [f"{name}: {problem}" for problem in outline.problems]
    return problems


class Labels(HTMLParser):
    """The text of each <label>, its nested elements' text included."""

    def __init__(self):
        super().__init__()
        self.depth, self.texts = 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "label":
            self.depth += 1
            if self.depth == 1:
                self.texts.append("")

    def handle_endtag(self, tag):
        if tag == "label" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.texts[-1] += data


def label_problems(pages):
    """Form labels in ``pages`` that start with a small letter, as a field's bare verbose name would."""
    problems = []
    for name, html in pages:
        labels = Labels()
        labels.feed(html)
        for text in labels.texts:
            first = next((char for char in text if char.isalpha()), "")
            if first.islower():
                problems.append(f"{name}: label {' '.join(text.split())!r}")
    return sorted(set(problems))
