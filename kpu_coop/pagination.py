"""One pagination policy for every long list: public site, portal and workspace.

A list is read one page at a time, so a page's size never grows with the data. ``?page`` is a whole number
from 1 to the last page; anything else (a word, 0, -1, 1.5, a page beyond the end) answers 404 with a message
naming the page asked for and a link to the first page. A 404 rather than a quiet jump to another page: a link
to page 9 that now shows page 3 would mislead the reader, and caches would keep a copy per bad address.
An empty ``?page=`` means page 1. Page links are built with ``{% querystring %}`` in
templates/_pagination.html, so the filters stay in them.
"""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Value, Window
from django.http import Http404

# Page sizes, one per list; the lists' views read them at request time.
PUBLIC_AGREEMENTS = 20
PUBLIC_COMMITMENTS = 20
# A national installation has thousands of parties; a page of 50 stays readable on a phone.
PUBLIC_ORGANISATIONS = 50
PORTAL_TASKS = 25
VERIFICATION_QUEUE = 25
WORKSPACE_AGENCIES = 50
WORKSPACE_MONEV = 50

# Beyond this many choices a drop-down or a list filter's links are too long to use (and to send): the
# public listing's party filter, the task list's agreement filter and the admin's related-record filters
# (kpu_coop.admin_filters) become a text box.
CHOICE_LIMIT = 150

# The asked-for page is repeated in the message; a long one is cut here.
SHOWN_PAGE_LENGTH = 20

# OFFSET is a signed 64-bit integer in PostgreSQL and SQLite; a page beyond it is past any list's end.
LARGEST_OFFSET = 2**63 - 1


class MissingPage(Http404):
    """A ``?page`` that is not a page of the list; the 404 page (kpu_coop/views.py) explains it."""

    def __init__(self, asked, paginator):
        super().__init__("There is no such page of this list.")
        self.asked = asked[:SHOWN_PAGE_LENGTH]
        self.num_pages = paginator.num_pages


def page_or_404(request, items, per_page, *, count=None):
    """The page of ``items`` that ``?page`` asks for, or ``MissingPage``.

    ``count``: how many items there are, when the view has counted them already (spares a COUNT query).
    """
    asked = request.GET.get("page") or "1"
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    try:
        return paginator.page(asked)
    except InvalidPage:
        raise MissingPage(asked, paginator) from None


def with_row_count(rows):
    """``rows`` (a query of values), each also carrying ``row_count``: how many rows the whole query has,
    counted as a window over them, so a limited read of a grouped query needs no second pass to count."""
    return rows.annotate(row_count=Window(Count(Value(1))))


def grouped_page_or_404(request, groups, per_page):
    """``page_or_404`` for a grouped query of values, whose COUNT groups every row as the page does and costs
    as much: the page's rows bring the count along (``with_row_count``). Only a page past the end counts
    again, to name the last page in the 404."""
    asked = request.GET.get("page") or "1"
    paginator = Paginator(groups, per_page)
    try:
        number = int(asked)
    except ValueError:
        number = 0
    rows = []
    if number >= 1 and number * per_page <= LARGEST_OFFSET:
        rows = list(with_row_count(groups)[(number - 1) * per_page : number * per_page])
    if rows:
        paginator.count = rows[0]["row_count"]
    try:
        page = paginator.page(asked)
    except InvalidPage:
        raise MissingPage(asked, paginator) from None
    page.object_list = rows
    return page
