from django.conf import settings
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, render

from agreements.models import Agreement, Commitment, Document
from agreements.models.agreements import grant_tranches
from kpu_coop import pagination
from public.addenda import addendum_changes
from public.caching import cached_public_page
from public.filters import AgreementFilterForm, FilterOptions
from public.queries import (
    as_cards,
    card_agreements,
    listed_agreements,
    listed_commitments,
    published_count,
    with_report_counts,
)


@cached_public_page
def agreement_list(request, office=None):
    form = AgreementFilterForm(request.GET, options=FilterOptions(office))
    # The optional filters start folded away unless one is in use (sort alone does not unfold them).
    unfolded = any(request.GET.get(name) for name in form.fields if name not in ("q", "sort"))
    context = {"form": form, "filters_active": unfolded}
    if not form.is_valid():
        return render(request, "public/agreement_list.html", context, status=400)
    agreements = form.ordered(form.filtered(card_agreements(office)))
    # Unfiltered, the count is the site's, shared until a write commits.
    count = published_count(office) if not form.narrows() else None
    page = pagination.page_or_404(request, agreements, pagination.PUBLIC_AGREEMENTS, count=count)
    page.object_list = as_cards(page.object_list, office)
    context.update(page=page, paginator=page.paginator)
    context["filter_query"] = form.filter_query()
    return render(request, "public/agreement_list.html", context)


def agreement_office(pk, office=None):
    """The office keeping agreement ``pk``: its page shows that office's records and what every office shares
    (parties, elections, focus areas), so it is cached under that office's generations."""
    return Agreement.objects.filter(pk=pk).values_list("office_id", flat=True).first()


@cached_public_page(owner=agreement_office)
def agreement_detail(request, pk, office=None):
    agreements = listed_agreements(office).select_related("parent__parent", "office")
    agreements = agreements.with_clauses(readable=Commitment.objects.published(), tranches=False)
    agreement = get_object_or_404(agreements.prefetch_related("elections", "focus_areas"), pk=pk)
    # Only a grant has tranches, shown under its grant amount: every other kind spares the query (about 1 ms).
    if agreement.grant_amount is not None:
        prefetch_related_objects([agreement], grant_tranches())
    # Kinds allow at most two levels above (MoU → PKS → addendum); unpublished links stay hidden.
    ancestors = [node for node in (agreement.parent, getattr(agreement.parent, "parent", None)) if node]
    children = list(Agreement.objects.published().filter(parent=agreement).order_by("date_signed", "pk"))
    commitments = with_report_counts(
        listed_commitments(with_agreement=False)
        .filter(agreement=agreement)
        .order_by("focus_area__order", "focus_area__name", "order", "pk")
    )
    context = {
        "agreement": agreement,
        "ancestors": [node for node in reversed(ancestors) if node.is_published],
        "children": children,
        # The PKS's term as its last applied addendum gave it, named beside it; an addendum's own changes.
        "term_amended_by": next(
            (
                child
                for child in reversed(children)
                if child.applied_at and (child.term_start or child.term_end)
            ),
            None,
        ),
        "addendum_changes": addendum_changes(agreement),
        "commitments": commitments,
        "weighted": any(commitment.weight != 1 for commitment in commitments),
        "documents": Document.objects.public().filter(agreement=agreement),
        # On the national site of several offices, the way to the site of the office that keeps it.
        "office_site": None if office or settings.SINGLE_OFFICE else agreement.office,
    }
    return render(request, "public/agreement_detail.html", context)
