"""Hostile-file checks that agreements.uploads.validate_upload runs on every upload it accepts.

The rules (README, "Security"):
- names: no path (``/``, ``\\``, ``:``), no leading dot, no control or invisible characters (such as the
  right-to-left override that shows ``invoice‮fdp.exe`` as ``invoiceexe.pdf``), and no inner extension that
  names runnable or browser-rendered content (``report.php.pdf``, ``scan.html.png``); ordinary dotted names
  such as ``Laporan 2024.v2.pdf`` are fine;
- content: no ZIP archive anywhere (a ZIP is read from its end, so one appended to a PDF or an image makes a
  polyglot), no HTML, SVG or script markup anywhere;
- PDFs: read with a real parser, compressed object streams included (security/pdf.py): no JavaScript, launch
  actions, forms that send data, embedded files, or actions that reach out on opening; encrypted or unreadable
  files are refused. The byte scan below adds what a parser cannot see: active names in bytes outside the
  cross-reference data (appended after ``%%EOF``, or orphan objects a viewer repairing the file would read).
The download headers (attachment, nosniff, sandbox CSP) are the defence in depth for what no check sees.
"""

import re
import unicodedata
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from security.pdf import check_pdf, names_in

# Inner extensions of code a server might run or a browser render: "report.php.pdf" is refused.
ACTIVE_EXTENSIONS = frozenset(
    {"php", "php3", "php4", "php5", "php7", "phtml", "phar", "asp", "aspx", "jsp", "jspx", "cgi", "pl", "py"}
    | {"rb", "sh", "bash", "exe", "dll", "com", "scr", "msi", "bat", "cmd", "ps1", "vbs", "vbe", "js", "mjs"}
    | {"jse", "wsf", "hta", "jar", "html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "swf", "lnk", "apk"}
)
MARKUP = re.compile(
    rb"<\s*(?:script|html|svg|iframe|object|embed|body|foreignobject)\b|<\?php|<!doctype\s+html|javascript:",
    re.IGNORECASE,
)
# Long names only: a random 10 MB image stream holds "/JS" by chance about one time in three.
PDF_ACTIVE_NAMES = frozenset(
    {b"/JavaScript", b"/Launch", b"/EmbeddedFile", b"/EmbeddedFiles", b"/SubmitForm", b"/RichMedia"}
)
CHUNK = 1 << 20
# A marker split between two chunks is still found: each chunk is read with the tail of the one before.
OVERLAP = 64


def check_name(name):
    if not name or any(char in name for char in "/\\:\x00") or name.startswith("."):
        raise ValidationError(_("The file name must not contain a path."), code="path")
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in name):
        raise ValidationError(_("The file name contains control or invisible characters."), code="name")
    inner = {part.strip().lower() for part in name.split(".")[1:-1]}
    if inner & ACTIVE_EXTENSIONS:
        raise ValidationError(
            _("The file name has a second extension (%(ext)s): rename the file, e.g. “laporan.pdf”.")
            % {"ext": ", ".join(sorted(inner & ACTIVE_EXTENSIONS))},
            code="double_extension",
        )


def check_content(upload, extension):
    """Refuse archives, markup and active PDF content anywhere in the file."""
    if zipfile.is_zipfile(upload.file):
        upload.seek(0)
        raise ValidationError(_("Archives (ZIP) are not accepted, not even inside another file."), code="zip")
    upload.seek(0)
    tail = b""
    try:
        for chunk in upload.chunks(CHUNK):
            window = tail + chunk
            if MARKUP.search(window):
                raise ValidationError(
                    _("The file contains web page or script code and is not accepted."), code="polyglot"
                )
            if extension == ".pdf" and _has_active_pdf_name(window):
                raise ValidationError(
                    _("The PDF contains scripts, launch actions or embedded files and is not accepted."),
                    code="pdf_active",
                )
            tail = window[-OVERLAP:]
    finally:
        upload.seek(0)
    if extension == ".pdf":
        check_pdf(upload)


def _has_active_pdf_name(data):
    return any(name in PDF_ACTIVE_NAMES for name in names_in(data))
