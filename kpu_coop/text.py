"""Stored text made writable as XML 1.0: Atom feeds (public.feeds), Excel workbooks (workspace.spreadsheets).

Text pasted from Word or Excel may hold a vertical tab (their line break) or another control character, and
forms and the spreadsheet import store it as it came. XML 1.0 cannot hold those: Django's feed generator and
openpyxl raise on them, failing the whole feed or workbook. Both writers pass every string through xml_text().
"""

import re

# What XML 1.0 cannot hold (the complement of its Char production): C0 controls but tab, line feed and
# carriage return, which openpyxl refuses too; lone surrogates; U+FFFE and U+FFFF, on which XML parsers stop.
NOT_IN_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Word and Excel paste a vertical tab for a line break, a form feed for a page break: the writer meant one.
LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n"}


def xml_text(text):
    """``text`` with each vertical tab or form feed made a line break and any other character XML 1.0 cannot
    hold dropped; every other character is kept as it is."""
    return NOT_IN_XML.sub(lambda found: LINE_BREAKS.get(found[0], ""), text)
