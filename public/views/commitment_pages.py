"""The paged list of commitments that an agency's, a focus area's and an election stage's pages show."""

from kpu_coop import pagination
from public.queries import commitment_totals, with_report_counts


def commitment_page(request, commitments, totals=None):
    """The page of ``commitments`` that ``?page`` asks for, its rows with their report counts, and the totals
    of all of them (the paginator takes their count instead of a COUNT query of its own): ``totals`` when
    the caller has them stored, else summed here."""
    totals = commitment_totals(commitments) if totals is None else totals
    page = pagination.page_or_404(request, commitments, pagination.PUBLIC_COMMITMENTS, count=totals["count"])
    page.object_list = with_report_counts(page.object_list)
    return page, totals
