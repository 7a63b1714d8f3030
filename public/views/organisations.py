from django.shortcuts import get_object_or_404, render

from kpu_coop import pagination
from public.caching import cached_public_page
from public.queries import (
    commitment_totals,
    first_agreements,
    listed_agreements,
    progress_by_responsible,
    public_commitments,
    public_organisations,
    published_parties,
)


@cached_public_page
def organisation_list(request, office=None):
    organisations = public_organisations(office).order_by("kind", "short_name", "pk")
    page = pagination.page_or_404(request, organisations, pagination.PUBLIC_ORGANISATIONS)
    progress = progress_by_responsible((organisation.pk for organisation in page.object_list), office)
    for organisation in page.object_list:
        organisation.progress = progress.get(organisation.pk)
    return render(request, "public/organisation_list.html", {"page": page})


@cached_public_page
def organisation_detail(request, slug, office=None):
    organisation = get_object_or_404(public_organisations(office).select_related("parent"), slug=slug)
    parties = published_parties(office).filter(organisation=organisation)
    commitments = public_commitments(office).filter(responsible=organisation).order_by("due_on", "pk")
    agreements, more_agreements = first_agreements(
        listed_agreements(office).filter(pk__in=parties.values("agreement_id"))
    )
    context = {
        "organisation": organisation,
        "agreements": agreements,
        "more_agreements": more_agreements,
        "page": pagination.page_or_404(request, commitments, pagination.PUBLIC_COMMITMENTS),
        "totals": commitment_totals(commitments),
    }
    return render(request, "public/organisation_detail.html", context)
