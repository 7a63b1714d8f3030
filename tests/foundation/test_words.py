"""The Indonesian text uses one word for each thing: KBBI's "adendum", "saring"/"saringan", plain words."""

import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from agencies.models import User

ROOT = Path(__file__).resolve().parents[2]
MO = "locale/id/LC_MESSAGES/django.mo"
CATALOGUES = [ROOT / MO, *sorted(ROOT.glob(f"*/{MO}"))]
# Placeholders such as %(addendum)s are left out; so is a data value in quotes (the open data's “addendum”).
AVOIDED = {
    "addendum (KBBI: adendum)": re.compile(r"(?<!“)\baddendum\b", re.IGNORECASE),
    "penyaring / filter (saring, saringan)": re.compile(r"\bpenyaring|\bfilter", re.IGNORECASE),
    "langgani (berlangganan)": re.compile(r"\blanggani", re.IGNORECASE),
}


def indonesian_texts():
    for path in CATALOGUES:
        with path.open("rb") as file:
            catalogue = gettext.GNUTranslations(file)
        for msgid, text in catalogue._catalog.items():
            if msgid:
                yield path.relative_to(ROOT).parts[0], re.sub(r"%\(\w+\)[sd]", "", text)


def test_it_reads_every_catalogue():
    places = {path.relative_to(ROOT).parts[0] for path in CATALOGUES}
    assert places >= {"locale", "agreements", "portal", "public", "workspace"}


@pytest.mark.parametrize("word", AVOIDED)
def test_it_avoids_the_word_in_indonesian(word):
    found = [f"{where}: {text}" for where, text in indonesian_texts() if AVOIDED[word].search(text)]
    assert found == []


def test_the_admin_filters_with_the_sites_word():
    with translation.override("id"):
        assert (_("Filter"), _("Clear all filters")) == ("Saring", "Hapus semua saringan")


def test_it_addresses_a_person_by_full_name():
    assert User(username="sri", first_name="Sri", last_name="Wahyuni").display_name == "Sri Wahyuni"


def test_it_falls_back_to_the_username_without_a_name():
    assert User(username="dukcapil").display_name == "dukcapil"
