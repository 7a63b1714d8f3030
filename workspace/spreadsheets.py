"""Reading and writing the two spreadsheet formats staff use: CSV (UTF-8, or UTF-16 as Excel's "Unicode Text"
saves it) and Excel .xlsx."""

import codecs
import csv
import io
import os
import zipfile
from datetime import date, datetime

import openpyxl
from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell

from kpu_coop.text import printable_text

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell starting with one of these is a formula to spreadsheet programs; CSV cells get a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@")


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message says why, for the person who sent it."""


def csv_bytes(headers, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    # The byte-order mark makes Excel read the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)


def xlsx_bytes(headers, rows, *, title):
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value):
    if isinstance(value, str):
        # A workbook is XML: openpyxl refuses a pasted vertical tab or other control character.
        value = printable_text(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        # Text, never a formula, whatever it starts with.
        cell.data_type = "s"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def spreadsheet_response(*, fmt, headers, rows, filename, title):
    content = csv_bytes(headers, rows) if fmt == "csv" else xlsx_bytes(headers, rows, title=title)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def read_table(upload):
    """The first sheet of an uploaded .csv or .xlsx as (headers, rows), every cell as text.

    Empty rows are skipped; each row keeps its line number in the file. Raises SpreadsheetError.
    """
    if upload.size > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(
            _("The file is %(size)s MB; at most %(max)s MB can be imported. Split it into smaller files.")
            % {"size": round(upload.size / 1024 / 1024, 1), "max": MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    extension = os.path.splitext(upload.name)[1].lower()
    content = upload.read()
    if extension == ".csv":
        lines = _csv_lines(content)
    elif extension == ".xlsx":
        lines = _xlsx_lines(content)
    else:
        raise SpreadsheetError(_("This is not a spreadsheet: choose a .csv or .xlsx file."))
    numbered = [
        (number, row) for number, row in enumerate(lines, start=1) if any(cell.strip() for cell in row)
    ]
    if not numbered:
        raise SpreadsheetError(_("The file is empty."))
    (_header_line, headers), rows = numbered[0], numbered[1:]
    if len(rows) > MAX_ROWS:
        raise SpreadsheetError(
            _("The file has more than %(max)d rows; import at most %(max)d at once.") % {"max": MAX_ROWS}
        )
    return [header.strip().lower() for header in headers], rows


def _csv_lines(content):
    text = _csv_text(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        lines = [[_uncsv_cell(cell) for cell in row] for row in reader]
    except csv.Error as error:
        # The csv module explains in English: the row it stopped at says enough, in the user's language.
        raise SpreadsheetError(
            _(
                "The CSV file cannot be read from line %(line)s on (a cell longer than %(limit)s characters, "
                "say). Save it again as “CSV UTF-8” and try again."
            )
            % {"line": reader.line_num, "limit": number_format(csv.field_size_limit(), force_grouping=True)}
        ) from error
    return lines[: MAX_ROWS + 2]


def _csv_text(content):
    # Excel's "Unicode text" is UTF-16, which starts with its byte-order mark and holds NUL bytes.
    encoding = "utf-16" if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    if encoding != "utf-16" and b"\x00" in content:
        raise SpreadsheetError(
            _("This is not a CSV file: it contains binary data. Choose a .csv or .xlsx file.")
        )
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            _("The CSV file is not in UTF-8. Save it as “CSV UTF-8” and try again.")
        ) from error


def _uncsv_cell(text):
    # Undo the quote that csv_bytes puts before formula-like text.
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _xlsx_lines(content):
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise SpreadsheetError(_("This is not an Excel .xlsx file. Choose a .csv or .xlsx file."))
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        lines = []
        for row in sheet.iter_rows(values_only=True):
            lines.append([_xlsx_text(value) for value in row])
            if len(lines) > MAX_ROWS + 1:
                break
        book.close()
    except Exception as error:  # openpyxl raises many kinds of error on a damaged file
        raise SpreadsheetError(_("The Excel file cannot be read; it may be damaged.")) from error
    return lines


def _xlsx_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
