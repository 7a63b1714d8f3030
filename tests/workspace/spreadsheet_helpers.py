import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workspace.commitment_sheet import COLUMNS


def csv_upload(rows, headers=COLUMNS, name="kewajiban.csv", delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_upload(rows, headers=COLUMNS, name="kewajiban.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def row(**values):
    return [values.get(column, "") for column in COLUMNS]


def upload(client, file):
    return client.post(reverse("workspace:commitment_import"), {"file": file})


def confirm(client, preview):
    return client.post(
        reverse("workspace:commitment_import"), {"payload": preview.context["payload"]}, follow=True
    )


def read_csv(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(values) for values in sheet.iter_rows(values_only=True)]
