"""Text kept writable where control characters are not allowed: HTML (a parse error the W3C checker reports),
XML 1.0 (Atom feeds in public.feeds, Excel workbooks in workspace.spreadsheets) and iCalendar's TEXT
(portal.ical).

Text pasted from Word or Excel may hold a vertical tab (their line break) or another control character.
XML 1.0 cannot hold those: Django's feed generator and openpyxl raise on them, failing the whole feed or
workbook; calendar applications may refuse a whole calendar. So every project record's text is cleaned as it
is saved (keep_text_printable, whichever form, import or service saves it), and those writers pass every
string through printable_text() too, for rows stored before the cleaning and for writes that bypass save().
"""

import re

from django.db import models

# What XML 1.0 cannot hold (the complement of its Char production): C0 controls but tab, line feed and
# carriage return, which openpyxl refuses too; lone surrogates; U+FFFE and U+FFFF, on which XML parsers stop.
NOT_IN_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Word and Excel paste a vertical tab for a line break, a form feed for a page break: the writer meant one.
LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n"}
# The apps whose records people type (in forms, the admin or a spreadsheet): their text is cleaned when saved.
TYPED_APPS = ("agencies", "agreements", "portal", "workspace")


def printable_text(text):
    """``text`` with each vertical tab or form feed made a line break and any other character XML 1.0 cannot
    hold dropped; every other character is kept as it is."""
    return NOT_IN_XML.sub(lambda found: LINE_BREAKS.get(found[0], ""), text)


def keep_text_printable(sender, instance, raw=False, **kwargs):
    """pre_save receiver: each text field of ``instance`` made printable before it is stored. A fixture or
    backup being loaded (``raw``) is stored exactly as it was kept."""
    if raw or sender._meta.app_label not in TYPED_APPS:
        return
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and NOT_IN_XML.search(value):
                setattr(instance, field.attname, printable_text(value))
