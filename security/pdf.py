"""PDF structure checks: what security.uploads.check_content asks of every PDF after its byte scan.

The file is read with pypdf, the way a viewer reads it, so names inside compressed object streams and hex
escapes such as ``/J#61vaScript`` are seen as they are meant. Every indirect object the cross-reference data
lists is visited, not only those reachable from the pages, and every name in every object stream is read
(pypdf parses only the objects a cross-reference points to), so nothing hides in an orphan object. Refused:

- JavaScript anywhere: a ``/JS`` or ``/JavaScript`` key (actions, the catalogue's name tree) or a
  ``/JavaScript`` action; XFA forms, whose scripts live in compressed XML;
- launch actions, forms that send data (``/SubmitForm``), embedded files and rich media;
- an action run without a click (the catalogue's ``/OpenAction``, ``/AA`` on the document, a page, an
  annotation or a form field, and every ``/Next`` action they chain) that reaches the network or another
  file: ``/URI``, ``/GoToR``, ``/GoToE``, ``/ImportData``. A link the reader clicks may still open a web page;
- encrypted files (their strings cannot be inspected) and files pypdf cannot read.

The work is bounded: at most MAX_OBJECTS objects, MAX_SECONDS of walking, pypdf's decompression limits
lowered to MAX_DECOMPRESSED_BYTES per stream and MAX_TOTAL_DECOMPRESSED_BYTES in all, so a PDF bomb costs a
worker a few seconds and tens of MB, not minutes and gigabytes.
"""

import re
import time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

MAX_OBJECTS = 20_000
MAX_SECONDS = 2.0
# Object streams hold only PDF syntax (images and page contents are never inflated here): a few MB at most.
MAX_DECOMPRESSED_BYTES = 5_000_000
MAX_TOTAL_DECOMPRESSED_BYTES = 50_000_000
# Actions chained with /Next beyond this are refused rather than followed.
MAX_ACTION_CHAIN = 100

SCRIPT, LAUNCH, SUBMIT, EMBEDDED, AUTOMATIC = "script", "launch", "submit", "embedded", "automatic"
# A key or name value anywhere in the file → what it means.
REFUSED_NAMES = {
    "/JS": SCRIPT,
    "/JavaScript": SCRIPT,
    "/XFA": SCRIPT,
    "/Launch": LAUNCH,
    "/SubmitForm": SUBMIT,
    "/EmbeddedFile": EMBEDDED,
    "/EmbeddedFiles": EMBEDDED,
    "/EF": EMBEDDED,
    "/RichMedia": EMBEDDED,
}
# Action types that reach the network or another file; refused in actions that run without a click.
REMOTE_ACTIONS = frozenset(
    {"/URI", "/GoToR", "/GoToE", "/ImportData", "/SubmitForm", "/JavaScript", "/Launch"}
)
TRIGGER_KEYS = ("/OpenAction", "/AA")
# pypdf reads a cross-reference table in one step that cannot be interrupted (a million entries: 15 s), so
# its entries are counted in the raw bytes first.
XREF_ENTRY = re.compile(rb"[\r\n]\d{10} \d{5} [nf]")
CHUNK = 1 << 20
# Where viewers look for the end marker; pypdf would search the whole file backwards, a line at a time.
EOF_WINDOW = 1024
NAME = re.compile(rb"/[A-Za-z0-9#]+")
HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")

MESSAGES = {
    SCRIPT: _(
        "The PDF contains scripts (JavaScript) and is not accepted: print it to a new PDF and attach that."
    ),
    LAUNCH: _("The PDF tries to start a program and is not accepted."),
    SUBMIT: _("The PDF contains a form that sends data elsewhere and is not accepted."),
    EMBEDDED: _(
        "The PDF has other files or media embedded in it and is not accepted: attach those files separately."
    ),
    AUTOMATIC: _(
        "The PDF opens a web address or another file by itself and is not accepted: "
        "print it to a new PDF and attach that."
    ),
}


class Refused(Exception):
    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


def check_pdf(upload):
    """Raise ValidationError unless the PDF can be read and holds nothing that acts on its own."""
    budget = Budget()
    try:
        if not _ends_with_eof_marker(upload):
            raise _unreadable()
        xref_entries, encrypted = _scan(upload)
        if encrypted:
            # Said before parsing: pypdf cannot even open AES-encrypted files without another library.
            raise _encrypted()
        if xref_entries > MAX_OBJECTS:
            raise _too_complex()
        upload.seek(0)
        with apply_configuration(
            zlib_maximum_output_length=MAX_DECOMPRESSED_BYTES,
            lzw_maximum_output_length=MAX_DECOMPRESSED_BYTES,
            run_length_maximum_output_length=MAX_DECOMPRESSED_BYTES,
            brotli_maximum_output_length=MAX_DECOMPRESSED_BYTES,
            array_based_stream_maximum_output_length=MAX_DECOMPRESSED_BYTES,
            xfa_decoding_work_maximum_length=MAX_DECOMPRESSED_BYTES,
        ):
            _check(PdfReader(upload.file, xref_stream_maximum_entries=MAX_OBJECTS), budget)
    except Refused as refusal:
        raise ValidationError(MESSAGES[refusal.kind], code="pdf_active") from None
    except ValidationError:
        raise
    except (LimitReachedError, RecursionError):
        raise _too_complex() from None
    except Exception:
        # A hostile file can make any part of a parser fail in its own way; all of them mean "unreadable".
        raise _unreadable() from None
    finally:
        upload.seek(0)


def _ends_with_eof_marker(upload):
    upload.seek(max(0, upload.size - EOF_WINDOW))
    return b"%%EOF" in upload.read()


def _scan(upload):
    """Count the cross-reference table entries and look for an /Encrypt key, in the raw bytes."""
    upload.seek(0)
    entries, encrypted = 0, False
    for chunk in upload.chunks(CHUNK):
        entries += len(XREF_ENTRY.findall(chunk))
        encrypted = encrypted or b"/Encrypt" in names_in(chunk)
    return entries, encrypted


def _check(reader, budget):
    if reader.is_encrypted:
        raise _encrypted()
    references = [(generation, number) for generation, table in reader.xref.items() for number in table]
    references += [(0, number) for number in reader.xref_objStm]
    if len(references) > MAX_OBJECTS:
        raise _too_complex()
    # Fails on a file without a catalogue, which no viewer can show either.
    reader.root_object  # noqa: B018
    _check_object(reader.trailer, budget)
    seen = set()
    while references:
        for generation, number in references:
            budget.check_time()
            seen.add((generation, number))
            _check_object(reader.get_object(IndirectObject(number, generation, reader)), budget)
        # Visiting may resolve objects no cross-reference lists (such as a /Root found by repair): visit them.
        references = [key for key in reader.resolved_objects if key not in seen]


class Budget:
    """The time and inflated bytes one file may cost; going over either refuses it as too complex."""

    def __init__(self):
        self.deadline = time.monotonic() + MAX_SECONDS
        self.inflated = 0

    def check_time(self):
        if time.monotonic() > self.deadline:
            raise _too_complex()

    def inflate(self, stream):
        data = stream.get_data()
        self.inflated += len(data)
        if self.inflated > MAX_TOTAL_DECOMPRESSED_BYTES:
            raise _too_complex()
        return data


def _encrypted():
    return ValidationError(
        _("The PDF is password-protected or encrypted: attach a copy without protection."),
        code="pdf_encrypted",
    )


def _unreadable():
    return ValidationError(
        _("The PDF cannot be read; it may be damaged. Save or print it to a new PDF and attach that."),
        code="pdf_unreadable",
    )


def _too_complex():
    return ValidationError(
        _("The PDF is too complex to check: save or print it to a new, smaller PDF and attach that."),
        code="pdf_too_complex",
    )


def _check_object(root, budget):
    """Walk one object's direct contents; other indirect objects are visited on their own."""
    stack = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, StreamObject) and dict.get(item, "/Type") == "/ObjStm":
            # pypdf parses only the objects the cross-reference data points to: read every name in the stream.
            _check_names(budget.inflate(item))
        if isinstance(item, DictionaryObject):
            for key, value in dict.items(item):
                if key in REFUSED_NAMES:
                    raise Refused(REFUSED_NAMES[key])
                if key in TRIGGER_KEYS:
                    _check_triggered(value, many=key == "/AA")
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, NameObject) and item in REFUSED_NAMES:
            raise Refused(REFUSED_NAMES[item])


def _check_triggered(value, *, many):
    """Refuse an action that runs without a click and reaches out, following its /Next chain."""
    value = _resolve(value)
    if not isinstance(value, DictionaryObject):
        # An /OpenAction may be a destination (an array), which only turns a page.
        return
    pending = [_resolve(action) for action in dict.values(value)] if many else [value]
    followed = 0
    while pending:
        action = pending.pop()
        followed += 1
        if followed > MAX_ACTION_CHAIN:
            raise Refused(AUTOMATIC)
        if not isinstance(action, DictionaryObject):
            continue
        kind = _resolve(dict.get(action, "/S"))
        if kind in REFUSED_NAMES:
            raise Refused(REFUSED_NAMES[kind])
        if kind in REMOTE_ACTIONS:
            raise Refused(AUTOMATIC)
        chained = _resolve(dict.get(action, "/Next"))
        if isinstance(chained, ArrayObject):
            pending.extend(_resolve(item) for item in chained)
        elif chained is not None:
            pending.append(chained)


def _check_names(data):
    for name in names_in(data):
        kind = REFUSED_NAMES.get(name.decode("latin-1"))
        if kind:
            raise Refused(kind)


def names_in(data):
    """Every PDF name in raw bytes, hex escapes decoded (/J#61vaScript is /JavaScript)."""
    for match in NAME.finditer(data):
        name = match.group()
        if b"#" in name:
            name = HEX_ESCAPE.sub(lambda hex_digits: bytes([int(hex_digits.group(1), 16)]), name)
        yield name


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value
