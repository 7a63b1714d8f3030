from django.http import FileResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from public import open_data_files, opendata
from public.caching import accepts_gzip
from public.filters import AgreementFilterForm, FilterOptions

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def open_data_page(request, office=None):
    # Not in the page cache: it says when the files were made, which changes without the data changing.
    context = {
        "agreement_columns": opendata.AGREEMENT_COLUMNS,
        "commitment_columns": opendata.COMMITMENT_COLUMNS,
        "filter_fields": AgreementFilterForm(None, options=FilterOptions(office)),
        # An office's files are read when asked for (filtered_download): no file on disk to describe.
        "files": open_data_files.open_data_state() if office is None else None,
    }
    return render(request, "public/open_data.html", context)


def download(request, dataset, format, office=None):
    """The whole file as last built, or, with filters in the query or on an office's site, the selected
    records read right now."""
    if office is not None or any(request.GET.get(name) for name in AgreementFilterForm.base_fields):
        return filtered_download(request, dataset, format, office)
    return file_download(request, dataset, format)


def file_download(request, dataset, format):
    name = f"{dataset}.{format}"
    served = open_data_files.open_data_file(name, gzip=accepts_gzip(request))
    # Weak for the compressed copy, as for a page compressed on the fly: the same content, other bytes.
    etag = f'"{served.sha256}"' if not served.gzip else f'W/"{served.sha256}"'
    last_modified = served.generated_at.timestamp()
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
    patch_vary_headers(response, ["Accept-Encoding"])
    # Browsers and proxies may keep the file but must ask again: the answer is usually a 304.
    patch_cache_control(response, no_cache=True)
    return response


def filtered_download(request, dataset, format, office=None):
    form = AgreementFilterForm(request.GET, options=FilterOptions(office))
    if not form.is_valid():
        errors = [f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()]
        return HttpResponseBadRequest("\n".join(errors) + "\n", content_type="text/plain; charset=utf-8")
    records = opendata.RECORDS[dataset](form, office)
    context = {"absolute_url": request.build_absolute_uri}
    response = StreamingHttpResponse(
        opendata.export_chunks(dataset, format, records, context), content_type=CONTENT_TYPES[format]
    )
    if format == "csv":
        response["Content-Disposition"] = f'attachment; filename="{dataset}.csv"'
    return response
