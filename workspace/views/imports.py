from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from security.decorators import staff_required
from workspace.commitment_sheet import (
    COLUMNS,
    READ_ONLY,
    REQUIRED,
    ImportCheck,
    check_headers,
    check_rows,
    commitments_import,
    rows_as_dicts,
)
from workspace.forms import ImportConfirmForm, ImportUploadForm
from workspace.spreadsheets import SpreadsheetError, read_table

# A preview stays valid this long; after that the file must be uploaded again.
PAYLOAD_MAX_AGE = 3600
# The preview's rows come back in the confirming form, which Django reads up to DATA_UPLOAD_MAX_MEMORY_SIZE:
# this much of it is left for the form's other fields.
FORM_ROOM = 64 * 1024


def _salt(user):
    return f"workspace.commitment_import.{user.pk}"


@staff_required
def commitment_import(request):
    """Upload → preview with every row's errors → import all rows, or none."""
    if not request.user.has_perm("agreements.add_commitment"):
        raise PermissionDenied
    upload_form, check, payload, status = ImportUploadForm(), None, None, 200
    if request.method == "POST" and "payload" in request.POST:
        confirm = ImportConfirmForm(request.POST)
        try:
            records = signing.loads(
                confirm.data.get("payload", ""), salt=_salt(request.user), max_age=PAYLOAD_MAX_AGE
            )
        except signing.BadSignature:
            messages.error(request, _("The preview has expired. Upload the file again."))
            return redirect("workspace:commitment_import")
        created, rows = commitments_import(records=records, user=request.user)
        if created:
            messages.success(
                request,
                ngettext("%(count)d commitment imported.", "%(count)d commitments imported.", len(created))
                % {"count": len(created)},
            )
            return redirect("workspace:commitment_import")
        # Something changed since the preview: show the rows again, now with their errors.
        check, status = ImportCheck(file_errors=[], rows=rows), 400
    elif request.method == "POST":
        upload_form = ImportUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            check = _check_upload(upload_form.cleaned_data["file"], request.user)
            payload = _preview_payload(check, request.user)
            if payload is None:
                status = 400
        else:
            status = 400
    return render(
        request,
        "workspace/commitment_import.html",
        {
            "upload_form": upload_form,
            "check": check,
            "payload": payload,
            "columns": COLUMNS,
            "required": REQUIRED,
            "read_only": READ_ONLY,
        },
        status=status,
    )


def _preview_payload(check, user):
    """The signed rows of a valid preview, for its confirming form; None when the preview is not valid, or
    when they would not fit in that form's request, which ``check`` then says (not a bare 400 page later)."""
    if not check.is_valid:
        return None
    payload = signing.dumps(check.records, salt=_salt(user), compress=True)
    if len(payload) <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE - FORM_ROOM:
        return payload
    check.file_errors.append(
        _("This file holds too much text to import at once: split its rows into two files and import each.")
    )
    check.rows = []
    return None


def _check_upload(upload, user):
    try:
        headers, rows = read_table(upload)
    except SpreadsheetError as error:
        return ImportCheck(file_errors=[str(error)], rows=[])
    header_errors = check_headers(headers)
    if header_errors:
        return ImportCheck(file_errors=header_errors, rows=[])
    if not rows:
        return ImportCheck(file_errors=[_("The file has column names but no rows.")], rows=[])
    records = rows_as_dicts(headers, rows)
    check = ImportCheck(file_errors=[], rows=check_rows(records, user))
    check.records = records
    return check
