"""Ending a force majeure event from the agreement's admin page: a date, a confirmation listing the deadlines
it extends, then agreements.services_force_majeure.force_majeure_end (the only way an event ends)."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agreements.admin.widgets import IsoDateInput
from agreements.services_force_majeure import (
    ForceMajeureError,
    force_majeure_days,
    force_majeure_end,
    force_majeure_end_problem,
    force_majeure_moves,
)


class ForceMajeureEndForm(forms.Form):
    ends_on = forms.DateField(
        label=gettext_lazy("Ended on"),
        widget=IsoDateInput,
        help_text=gettext_lazy("The last day of the event; the deadlines it suspended move by its length."),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        problem = force_majeure_end_problem(self.event, ends_on)
        if problem:
            raise forms.ValidationError(problem)
        return ends_on


def force_majeure_end_url(event):
    return reverse("admin:agreements_agreement_force_majeure_end", args=[event.agreement_id, event.pk])


class ForceMajeureEndMixin:
    """For the agreement's ModelAdmin: the page that ends one of its force majeure events."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.force_majeure_end_view)
        name = "agreements_agreement_force_majeure_end"
        route = "<path:object_id>/force-majeure/<int:event_id>/end/"
        return [path(route, view, name=name), *super().get_urls()]

    def force_majeure_end_view(self, request, object_id, event_id):
        agreement = self.get_object(request, unquote(object_id))
        if agreement is None:
            raise Http404
        if not self.has_change_permission(request, agreement):
            raise PermissionDenied
        event = get_object_or_404(agreement.force_majeure_events, pk=event_id)
        back = reverse("admin:agreements_agreement_change", args=[agreement.pk])
        if event.ends_on is not None:
            self.message_user(
                request,
                _("This force majeure event already ended on %(day)s; its deadlines were extended then.")
                % {"day": date_format(event.ends_on)},
                messages.WARNING,
            )
            return HttpResponseRedirect(back)
        form = ForceMajeureEndForm(request.POST if request.method == "POST" else None, event=event)
        moves, days = None, None
        if form.is_bound and form.is_valid():
            ends_on = form.cleaned_data["ends_on"]
            if "confirm" in request.POST:
                try:
                    result = force_majeure_end(event=event, ends_on=ends_on, user=request.user)
                except ForceMajeureError as error:
                    self.message_user(request, str(error), messages.ERROR)
                else:
                    self.message_user(request, self._ended_message(result, ends_on), messages.SUCCESS)
                    return HttpResponseRedirect(back)
            else:
                moves = force_majeure_moves(event=event, ends_on=ends_on)
                days = force_majeure_days(event, ends_on)
        return TemplateResponse(
            request,
            "admin/agreements/force_majeure_end.html",
            {
                **self.admin_site.each_context(request),
                "title": _("End a force majeure event"),
                "opts": self.opts,
                "agreement": agreement,
                "event": event,
                "form": form,
                "moves": moves,
                "days": days,
                "back": back,
            },
        )

    def _ended_message(self, result, ends_on):
        if result.already_ended:
            return _("This force majeure event had already ended on %(day)s: nothing moved again.") % {
                "day": date_format(ends_on)
            }
        count = len(result.moved)
        return ngettext(
            "The force majeure event ended on %(day)s: %(count)d deadline extended.",
            "The force majeure event ended on %(day)s: %(count)d deadlines extended.",
            count,
        ) % {"day": date_format(ends_on), "count": count}
