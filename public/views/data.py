from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from agreements.models import Agreement
from public import opendata
from public.caching import cached_public_page
from public.filters import AgreementFilterForm, FilterOptions
from public.queries import listed_agreements, public_commitments

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@cached_public_page
def open_data_page(request):
    context = {
        "agreement_columns": opendata.AGREEMENT_COLUMNS,
        "commitment_columns": opendata.COMMITMENT_COLUMNS,
        "filter_fields": AgreementFilterForm(None, options=FilterOptions()),
    }
    return render(request, "public/open_data.html", context)


def agreement_records(form):
    agreements = form.ordered(form.filtered(listed_agreements()))
    return agreements.select_related("parent").prefetch_related("elections", "focus_areas")


def commitment_records(form):
    agreements = form.filtered(Agreement.objects.published().with_status())
    return (
        public_commitments()
        .filter(agreement__in=agreements.values("pk"))
        .order_by("agreement", "order", "pk")
    )


DATASETS = {
    "agreements": (agreement_records, opendata.AGREEMENT_COLUMNS),
    "commitments": (commitment_records, opendata.COMMITMENT_COLUMNS),
}


@cached_public_page
def download(request, dataset, format):
    form = AgreementFilterForm(request.GET, options=FilterOptions())
    if not form.is_valid():
        errors = [f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()]
        return HttpResponseBadRequest("\n".join(errors) + "\n", content_type="text/plain; charset=utf-8")
    select, columns = DATASETS[dataset]
    records, context = select(form), {"request": request}
    if format == "csv":
        response = HttpResponse(
            opendata.as_csv(records, columns, context), content_type=CONTENT_TYPES[format]
        )
        response["Content-Disposition"] = f'attachment; filename="{dataset}.csv"'
        return response
    return HttpResponse(
        opendata.as_json(dataset, records, columns, context), content_type=CONTENT_TYPES[format]
    )
