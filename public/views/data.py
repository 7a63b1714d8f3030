import io

from django.conf import settings
from django.http import FileResponse, HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import conditional_page

from public import changes, open_data_files, opendata
from public import datapackage as data_package
from public.caching import accepts_gzip, data_etag
from public.filters import AgreementFilterForm, FilterOptions
from public.sites import site_reverse

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "excel": "text/csv; charset=utf-8",
    "json": "application/json",
}
# A first build of the whole files takes about a minute at national size (docs/production.md).
PREPARING_RETRY_AFTER = 60


def open_data_page(request, office=None):
    # Not in the page cache: it says when the files were made, which changes without the data changing.
    options = FilterOptions(office)
    context = {
        # The API examples use a focus area that exists here, and on an office's site ask for its records.
        "example_focus_area": options.focus_areas[0][0] if options.focus_areas else "",
        "office_slug": office.slug if office else "",
        "agreement_columns": opendata.AGREEMENT_COLUMNS,
        "commitment_columns": opendata.COMMITMENT_COLUMNS,
        "document_columns": opendata.DOCUMENT_COLUMNS,
        "due_date_change_columns": opendata.DUE_DATE_CHANGE_COLUMNS,
        "filter_fields": AgreementFilterForm(None, options=options),
        # An office's files are read when asked for (filtered_download): no file on disk to describe.
        "files": open_data_files.open_data_state() if office is None else None,
        "licence_title": settings.OPEN_DATA_LICENSE_TITLE,
        "licence_url": settings.OPEN_DATA_LICENSE_URL,
        "publisher": settings.OPEN_DATA_PUBLISHER,
        "datapackage_url": request.build_absolute_uri(site_reverse("datapackage", office)),
    }
    return render(request, "public/open_data.html", context)


def whole_seconds(moment):
    """A timestamp as Last-Modified carries it: with its fraction, a client's If-Modified-Since (the same
    header sent back) would always be older than the file, and never get a 304."""
    return int(moment.timestamp())


# Its ETag is its content's: the descriptor follows the files' build time and the reader's language.
@conditional_page
def datapackage(request, office=None):
    """The Frictionless Data Package describing the files: as last built on the national site; on an
    office's site its files are read when asked for, so it gives no build time (which, as the time of the
    answer, changed its ETag on every request and never let a harvester get a 304)."""
    generated_at = None
    if office is None:
        try:
            generated_at = open_data_files.open_data_file("agreements.csv").generated_at
        except open_data_files.FilesNotReady:
            return files_being_prepared(request)
    # Resource paths are relative: on an office's site they name that office's files.
    response = JsonResponse(
        data_package.data_package(generated_at, office),
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    if generated_at is not None:
        response["Last-Modified"] = http_date(generated_at.timestamp())
    patch_cache_control(response, no_cache=True)
    return response


def download(request, dataset, format, office=None):
    """The whole file as last built, or, with filters in the query or on an office's site, the selected
    records read right now."""
    if office is not None or any(request.GET.get(name) for name in AgreementFilterForm.base_fields):
        return filtered_download(request, dataset, format, office)
    try:
        return file_download(request, dataset, format)
    except open_data_files.FilesNotReady:
        return files_being_prepared(request)


def files_being_prepared(request):
    """503 with Retry-After while the first files are built: the visitor learns when to come back."""
    response = render(request, "public/open_data_preparing.html", status=503)
    response["Retry-After"] = str(PREPARING_RETRY_AFTER)
    return response


def file_download(request, dataset, format):
    if format == "excel":
        return excel_file_download(request, dataset)
    name = f"{dataset}.{format}"
    served = open_data_files.open_data_file(name, gzip=accepts_gzip(request))
    # Weak for the compressed copy, as for a page compressed on the fly: the same content, other bytes.
    etag = f'"{served.sha256}"' if not served.gzip else f'W/"{served.sha256}"'
    last_modified = whole_seconds(served.generated_at)
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = FileResponse(
            served.open(),
            content_type=CONTENT_TYPES[format],
            as_attachment=format == "csv",
            filename=name,
        )
        if served.gzip:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # One file for every reader, written in the installation's language, at an /en/ address too: said so.
    response["Content-Language"] = settings.LANGUAGE_CODE
    patch_vary_headers(response, ["Accept-Encoding"])
    # Browsers and proxies may keep the file but must ask again: the answer is usually a 304.
    patch_cache_control(response, no_cache=True)
    return response


def excel_file_download(request, dataset):
    """The Excel variant of the whole CSV file, converted as it is sent (constant memory, no second copy)."""
    served = open_data_files.open_data_file(f"{dataset}.csv")
    etag = f'"{served.sha256}-excel"'
    last_modified = whole_seconds(served.generated_at)
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = StreamingHttpResponse(excel_file_parts(served), content_type=CONTENT_TYPES["excel"])
        response["Content-Disposition"] = (
            f'attachment; filename="{opendata.FILE_NAMES["excel"].format(dataset=dataset)}"'
        )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Content-Language"] = settings.LANGUAGE_CODE  # as file_download's
    patch_cache_control(response, no_cache=True)
    return response


def excel_file_parts(served):
    # The file may be in an object store (public.open_data_files): read it as text through its storage.
    with served.open() as stored, io.TextIOWrapper(stored, encoding="utf-8", newline="") as lines:
        yield from opendata.batched(opendata.excel_from_csv(lines))


def filtered_download(request, dataset, format, office=None):
    form = AgreementFilterForm(request.GET, options=FilterOptions(office))
    if not form.is_valid():
        errors = [f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()]
        return HttpResponseBadRequest("\n".join(errors) + "\n", content_type="text/plain; charset=utf-8")
    etag = data_etag(request)
    if etag and (not_modified := get_conditional_response(request, etag=etag)):
        not_modified["ETag"] = etag
        return not_modified
    records = opendata.RECORDS[dataset](form, office)
    context = {"absolute_url": request.build_absolute_uri}
    response = StreamingHttpResponse(
        opendata.export_chunks(dataset, format, records, context), content_type=CONTENT_TYPES[format]
    )
    if format != "json":
        response["Content-Disposition"] = (
            f'attachment; filename="{opendata.FILE_NAMES[format].format(dataset=dataset)}"'
        )
    if etag:
        response["ETag"] = etag
        # Clients may keep it but must ask again: the answer is a 304 until the data changes.
        patch_cache_control(response, no_cache=True)
    return response


def changes_json(request, office=None):
    """The public changes after the ``since`` cursor; the answer's ``next_since`` is the next cursor."""
    try:
        cursor = changes.Cursor.parse(request.GET.get("since", ""))
    except ValueError:
        message = _("since: give the next_since value of the previous answer, or a date such as 2024-01-31.")
        return JsonResponse({"error": message}, status=400)
    page = changes.public_changes(cursor, office=office)
    body = {
        "changes": [changes.as_json(change, request.build_absolute_uri, office) for change in page.changes],
        "next_since": page.next_since,
        "has_more": page.has_more,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})
    # New changes arrive at any time: clients ask again with the cursor, never reuse an answer.
    patch_cache_control(response, no_cache=True)
    return response
