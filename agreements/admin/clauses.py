"""The agreement form's rows for its clauses: witnesses, force majeure events and an NPHD's grant tranches."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from agencies.offices import election_offices_usable_by
from agreements.admin.force_majeure import force_majeure_end_url
from agreements.admin.stage_rows import StageRowsInline
from agreements.models import Agreement, Commitment, ElectionStage, ForceMajeureEvent, GrantTranche, Witness
from agreements.models.grants import grant_problems
from kpu_coop.admin_choices import SharedChoicesInline


def choose_from(field, options, blank=False):
    """Give ``field`` its choices read once for the whole formset: each row's <select> then costs no query."""
    field.choices = [("", "---------")] * blank + [(option.pk, str(option)) for option in options]


# Stacked like the other clauses' rows: a tabular row's inputs have only the column heading, no label.
class WitnessInline(SharedChoicesInline, admin.StackedInline):
    model = Witness
    extra = 1
    fields = ["order", "name", "position", "organisation"]


FIXED_ONCE_ENDED = _lazy("Fixed once the event ended: its deadlines were moved by it.")


class ForceMajeureForm(forms.ModelForm):
    class Meta:
        model = ForceMajeureEvent
        # The end date is entered only by ending the event (agreements.admin.force_majeure), which moves the
        # deadlines it suspended: one path that moves dates.
        fields = ["starts_on", "reason", "suspended_commitments"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Once ended, its start and suspended deadlines are what the recorded moves were computed from.
        if self.instance.ends_on is not None:
            for name in ("starts_on", "suspended_commitments"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _lazy(
                    "Fixed once the event ended: its deadlines were moved by it."
                )


class ForceMajeureInline(SharedChoicesInline, admin.StackedInline):
    model = ForceMajeureEvent
    form = ForceMajeureForm
    extra = 0
    fields = [("starts_on", "ending"), "reason", "suspended_commitments"]
    readonly_fields = ["ending"]

    # Set per request (inline instances are): whether the user may change the agreement, so end its events.
    may_end = False

    @admin.display(description=_lazy("ends on"))
    def ending(self, event):
        if event.ends_on is not None:
            return date_format(event.ends_on)
        if event.pk is None:
            return _("Save the event first; end it from here once it is over.")
        if not self.may_end:
            return "–"
        return format_html(
            '<a class="button" href="{}">{}</a>',
            force_majeure_end_url(event),
            _("End the event and extend its deadlines…"),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("suspended_commitments")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        parent_admin = self.admin_site.get_model_admin(self.parent_model)
        self.may_end = obj is not None and parent_admin.has_change_permission(request, obj)
        # Only this agreement's own commitments can be suspended (none yet on a new agreement).
        own = Commitment.objects.filter(agreement=obj) if obj is not None else Commitment.objects.none()
        field = formset.form.base_fields["suspended_commitments"]
        field.queryset = own.order_by("order", "pk")
        choose_from(field, field.queryset)
        return formset


class GrantTrancheFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        agreement = self.instance
        if kept and agreement.kind != Agreement.Kind.NPHD:
            raise ValidationError(_("Only a grant agreement (NPHD) has disbursement tranches."))
        problems = grant_problems(
            grant_amount=agreement.grant_amount,
            returned_amount=agreement.grant_returned_amount,
            tranches=[(row.get("planned_amount"), row.get("disbursed_amount")) for row in kept],
        )
        if problems:
            raise ValidationError(problems)


class GrantTrancheInline(StageRowsInline, SharedChoicesInline, admin.StackedInline):
    model = GrantTranche
    formset = GrantTrancheFormSet
    extra = 1
    fields = [
        ("order", "planned_amount"),
        ("due_kind", "due_date"),
        ("due_stage", "due_anchor", "due_offset_days"),
        ("disbursed_on", "disbursed_amount"),
        "due_on",
    ]
    readonly_fields = ["due_on"]

    def get_queryset(self, request):
        # Read-only (from the province), each tranche prints its stage with the stage's election and office.
        return super().get_queryset(request).select_related("due_stage__election__office")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["due_stage"]
        # As the commitments' stage search (agreements.admin.reference): the user's offices' stages and above.
        usable = election_offices_usable_by(request.user)
        stages = ElectionStage.objects.select_related("election__office")
        stages = stages if usable is None else stages.filter(election__office__in=usable)
        choose_from(field, stages, blank=True)
        return formset
