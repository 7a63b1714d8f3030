from django.shortcuts import render
from django.urls import reverse

from kpu_coop.pagination import MissingPage


def not_found_template(request):
    """The portal's and the staff pages' own 404, in their own frame, for their signed-in users; the public
    one (which speaks of published agreements) elsewhere."""
    user, path = getattr(request, "user", None), request.path_info
    staff_areas = (reverse("workspace:dashboard"), reverse("admin:index"))
    if getattr(user, "is_kpu_staff", False) and path.startswith(staff_areas):
        return "workspace/404.html"
    if getattr(user, "is_authenticated", False) and path.startswith(reverse("portal:home")):
        return "portal/404.html"
    return "404.html"


def page_not_found(request, exception):
    """The 404 page; a page number beyond a list is named, with the way back to its first page."""
    context = {}
    if isinstance(exception, MissingPage):
        context = {"missing_page": exception.asked, "num_pages": exception.num_pages}
    return render(request, not_found_template(request), context, status=404)
