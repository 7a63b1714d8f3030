from django.shortcuts import render

from kpu_coop.pagination import MissingPage


def page_not_found(request, exception):
    """The 404 page; a page number beyond a list is named, with the way back to its first page."""
    context = {}
    if isinstance(exception, MissingPage):
        context = {"missing_page": exception.asked, "num_pages": exception.num_pages}
    return render(request, "404.html", context, status=404)
