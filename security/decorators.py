"""Access checks for views, beside every app: the sites import them from here."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def staff_required(view):
    """KPU staff only; to anyone else the page does not exist (404), as for another agency's objects."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_kpu_staff:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
