from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from security.decorators import staff_required
from workspace.recovery import RECOVERABLE, NotOwnRecord, RestoreError, deleted_groups, record_restore


def can_restore(user, model):
    return user.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}")


@staff_required
def deleted_records(request):
    groups = [
        group
        for group in deleted_groups(request.user)
        if request.user.has_perm(f"agreements.view_{RECOVERABLE[group.key]._meta.model_name}")
    ]
    return render(
        request,
        "workspace/deleted_records.html",
        {
            **admin.site.each_context(request),
            "title": _("Deleted records"),
            "groups": groups,
            "restorable": {key for key, model in RECOVERABLE.items() if can_restore(request.user, model)},
        },
    )


@require_POST
@staff_required
def deleted_record_restore(request, model, history_id):
    if model not in RECOVERABLE:
        raise Http404
    record_model = RECOVERABLE[model]
    if not can_restore(request.user, record_model):
        raise PermissionDenied
    try:
        restored = record_restore(model=record_model, history_id=history_id, user=request.user)
    except NotOwnRecord:
        raise Http404 from None
    except RestoreError as error:
        messages.error(request, str(error))
    else:
        first, others = restored[0], len(restored) - 1
        text = _("Restored “%(record)s”.") % {"record": first}
        if others:
            text += " " + ngettext(
                "%(count)d record deleted with it was restored too.",
                "%(count)d records deleted with it were restored too.",
                others,
            ) % {"count": others}
        messages.success(request, text)
    return redirect("workspace:deleted_records")
