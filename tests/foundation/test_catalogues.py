"""Every text the code shows has an Indonesian translation that matches it today.

The catalogues are refreshed from a copy of the source, as ``make messages`` does, and any entry left
untranslated or marked fuzzy (its msgid changed since it was translated) fails the test, by name. The
repository's own catalogues are never rewritten.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
SKIPPED = shutil.ignore_patterns(".*", "__pycache__", "*.mo", "*.pyc", "var", "tests", "node_modules")


def makefile_apps():
    """The apps whose catalogues live in <app>/locale, as the Makefile's ``messages`` target lists them."""
    match = re.search(r"^APPS := (.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    return match.group(1).split()


def copy_of_the_source(destination):
    for entry in ROOT.iterdir():
        if entry.is_dir() and not entry.name.startswith(".") and entry.name not in {"var", "tests"}:
            shutil.copytree(entry, destination / entry.name, ignore=SKIPPED)
        elif entry.suffix == ".py":
            shutil.copy(entry, destination)


def refresh_catalogues(source, monkeypatch):
    """makemessages as ``make messages`` runs it: in each app, then for the project minus the apps."""
    for app in makefile_apps():
        monkeypatch.chdir(source / app)
        call_command("makemessages", locale=["id"], no_obsolete=True, verbosity=0)
    monkeypatch.chdir(source)
    call_command(
        "makemessages", locale=["id"], no_obsolete=True, verbosity=0, ignore_patterns=makefile_apps()
    )


def entries(catalogue, flag):
    """The msgids msgattrib keeps with ``flag`` (--untranslated or --only-fuzzy), header excluded."""
    kept = subprocess.run(
        ["msgattrib", flag, "--no-wrap", "--no-location", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [msgid for msgid in re.findall(r'^msgid "(.*)"$', kept, re.MULTILINE) if msgid]


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    """The refreshed catalogues, by their path in the repository."""
    source = tmp_path_factory.mktemp("source")
    copy_of_the_source(source)
    # The project-level run writes to LOCALE_PATHS: the copy's, never the repository's.
    with pytest.MonkeyPatch.context() as monkeypatch, override_settings(LOCALE_PATHS=[source / "locale"]):
        refresh_catalogues(source, monkeypatch)
    catalogues = [
        *source.glob("*/locale/id/LC_MESSAGES/django.po"),
        source / "locale/id/LC_MESSAGES/django.po",
    ]
    return {str(catalogue.relative_to(source)): catalogue for catalogue in catalogues}


def problems(catalogues, flag):
    return [
        f"{name}: {msgid}" for name, catalogue in catalogues.items() for msgid in entries(catalogue, flag)
    ]


def test_it_refreshes_a_catalogue_for_each_app_and_the_project(refreshed):
    folders = {name.split("/")[0] for name in refreshed}
    assert folders == {*makefile_apps(), "locale"}


def test_it_has_no_untranslated_entry(refreshed):
    untranslated = problems(refreshed, "--untranslated")
    assert not untranslated, "Translate these (append them to the catalogue):\n" + "\n".join(untranslated)


def test_it_has_no_fuzzy_entry(refreshed):
    fuzzy = problems(refreshed, "--only-fuzzy")
    assert not fuzzy, "These msgids changed since they were translated:\n" + "\n".join(fuzzy)
