"""Long lists on the public pages are read one page at a time, so a page's size never grows with the data."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.translation import gettext as _

PER_PAGE = 20


def page_or_404(request, items, per_page=PER_PAGE):
    try:
        return Paginator(items, per_page).page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404(_("There is no such page of this list.")) from None
