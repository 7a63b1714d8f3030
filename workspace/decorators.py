from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def staff_required(view):
    """The one permission check of the workspace: KPU staff only.

    Anonymous visitors go to the login page; anyone else logged in gets a 404, so the page's existence
    is not revealed to agency liaisons.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_kpu_staff:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
