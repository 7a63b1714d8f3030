from django.conf import settings
from django.shortcuts import get_object_or_404, render

from agreements.models import OrganisationTally
from kpu_coop import pagination
from public.caching import cached_public_page
from public.filters import ProvinceFilterForm
from public.queries import (
    card_agreements,
    first_agreements,
    listed_commitments,
    progress_by_responsible,
    published_parties,
    site_organisations,
)
from public.views.commitment_pages import commitment_page


@cached_public_page
def organisation_list(request, office=None):
    context, province = {"office": office}, None
    if office is None and not settings.SINGLE_OFFICE:
        # The national list of an installation of several offices can be cut to one province.
        context["form"] = form = ProvinceFilterForm(request.GET)
        if not form.is_valid():
            return render(request, "public/organisation_list.html", context, status=400)
        province = form.cleaned_data["province"]
    # Every region has its "Dukcapil": one from another region than the office's (any, nationally) says where.
    organisations = (
        site_organisations(office, province).select_related("region").order_by("kind", "short_name", "pk")
    )
    page = pagination.page_or_404(request, organisations, pagination.PUBLIC_ORGANISATIONS)
    progress = progress_by_responsible((organisation.pk for organisation in page.object_list), office)
    for organisation in page.object_list:
        organisation.progress = progress.get(organisation.pk)
    context["page"] = page
    return render(request, "public/organisation_list.html", context)


@cached_public_page
def organisation_detail(request, slug, office=None):
    organisation = get_object_or_404(site_organisations(office).select_related("parent", "region"), slug=slug)
    parties = published_parties(office).filter(organisation=organisation)
    commitments = listed_commitments(office).filter(responsible=organisation).order_by("due_on", "pk")
    agreements, more_agreements = first_agreements(
        card_agreements(office).filter(pk__in=parties.values("agreement_id")), office
    )
    totals = OrganisationTally.objects.filter(organisation=organisation).of_site(office).totals()
    page, totals = commitment_page(request, commitments, totals)
    context = {
        "organisation": organisation,
        "agreements": agreements,
        "more_agreements": more_agreements,
        "page": page,
        "totals": totals,
    }
    return render(request, "public/organisation_detail.html", context)
