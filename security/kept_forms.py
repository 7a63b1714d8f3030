"""What someone typed into a form when their login ran out, kept for them until they are back.

``SessionTimeoutMiddleware`` logs out whoever was idle too long, and the form they were sending would be lost:
a report written for more than half an hour, say. For a view marked ``@keeps_typed_form`` it keeps the form's
fields (never files, passwords, codes or the CSRF token) in the new session, beside that view's address and
the writer. After logging in, the writer is sent back to that address, whose view fills its form with them
(``typed_form``), once.
"""

from django.http import QueryDict
from django.urls import Resolver404, resolve

KEPT = "kept_form"
# Names whose values are secrets or belong to the old session.
SECRET_NAME_PARTS = ("csrf", "password", "token", "otp")
# A form's text fields hold a few thousand characters each; anything far larger is no form of ours.
MAX_CHARACTERS = 100_000


def keeps_typed_form(view):
    """Mark ``view`` as one whose form is kept when its sender's login runs out (it reads ``typed_form``)."""
    view.keeps_typed_form = True
    return view


def keep_typed_form(request, *, writer):
    """Keep the fields of ``request``, a POST to a view marked ``keeps_typed_form``, in its (new) session for
    the user ``writer`` (a pk); whether anything was kept."""
    if request.method != "POST" or not _keeps_typed_form(request.path_info):
        return False
    fields = {
        name: values
        for name, values in request.POST.lists()
        if not any(part in name.lower() for part in SECRET_NAME_PARTS)
    }
    if not fields or sum(len(value) for values in fields.values() for value in values) > MAX_CHARACTERS:
        return False
    request.session[KEPT] = {"path": request.path, "writer": writer, "fields": fields}
    return True


def typed_form(request):
    """The fields kept for this address when its sender's login ran out, as form data, once; else None.
    Only for the person who typed them: someone else logging in on that browser next gets an empty form."""
    kept = request.session.get(KEPT)
    if not kept or (kept["path"], kept["writer"]) != (request.path, request.user.pk):
        return None
    del request.session[KEPT]
    data = QueryDict(mutable=True)
    for name, values in kept["fields"].items():
        data.setlist(name, values)
    return data


def _keeps_typed_form(path):
    try:
        return getattr(resolve(path).func, "keeps_typed_form", False)
    except Resolver404:
        return False
