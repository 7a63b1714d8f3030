"""Stored text made writable where control characters are not allowed: XML 1.0 (Atom feeds in public.feeds,
Excel workbooks in workspace.spreadsheets) and iCalendar's TEXT (portal.ical).

Text pasted from Word or Excel may hold a vertical tab (their line break) or another control character, and
forms and the spreadsheet import store it as it came. XML 1.0 cannot hold those: Django's feed generator and
openpyxl raise on them, failing the whole feed or workbook; calendar applications may refuse a whole
calendar. Those writers pass every stored string through printable_text().
"""

import re

# What XML 1.0 cannot hold (the complement of its Char production): C0 controls but tab, line feed and
# carriage return, which openpyxl refuses too; lone surrogates; U+FFFE and U+FFFF, on which XML parsers stop.
NOT_IN_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Word and Excel paste a vertical tab for a line break, a form feed for a page break: the writer meant one.
LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n"}


def printable_text(text):
    """``text`` with each vertical tab or form feed made a line break and any other character XML 1.0 cannot
    hold dropped; every other character is kept as it is."""
    return NOT_IN_XML.sub(lambda found: LINE_BREAKS.get(found[0], ""), text)
