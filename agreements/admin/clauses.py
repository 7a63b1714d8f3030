"""The agreement form's rows for its clauses: witnesses, force majeure events and an NPHD's grant tranches."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agencies.offices import election_offices_usable_by
from agreements.admin.force_majeure import force_majeure_end_url
from agreements.admin.stage_rows import StageRowsInline
from agreements.models import Agreement, Commitment, ElectionStage, ForceMajeureEvent, GrantTranche, Witness
from agreements.models.grants import grant_problems
from agreements.services_force_majeure import due_before
from kpu_coop.admin_choices import SharedChoicesInline


def choose_from(field, options, blank=False):
    """Give ``field`` its choices read once for the whole formset: each row's <select> then costs no query."""
    field.choices = [("", "---------")] * blank + [(option.pk, str(option)) for option in options]


# Stacked like the other clauses' rows: a tabular row's inputs have only the column heading, no label.
class WitnessInline(SharedChoicesInline, admin.StackedInline):
    model = Witness
    extra = 1
    fields = ["order", "name", "position", "organisation"]


FIXED_ONCE_ENDED = gettext_lazy("Fixed once the event ended: its deadlines were moved by it.")


class ForceMajeureForm(forms.ModelForm):
    class Meta:
        model = ForceMajeureEvent
        # The end date is entered only by ending the event (agreements.admin.force_majeure), which moves the
        # deadlines it suspended: one path that moves dates.
        fields = ["starts_on", "reason", "suspended_commitments"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A deadline moved since to another agreement is not among this one's choices: the field edits the
        # others, and the save keeps it suspended as it is (clean_suspended_commitments).
        self.elsewhere = {commitment.pk for commitment in self.instance.suspended_elsewhere()}
        if self.elsewhere:
            initial = self.initial.get("suspended_commitments", [])
            kept = [value for value in initial if getattr(value, "pk", value) not in self.elsewhere]
            self.initial["suspended_commitments"] = kept
        # Once ended, its start and suspended deadlines are what the recorded moves were computed from.
        if self.instance.ends_on is not None:
            for name in ("starts_on", "suspended_commitments"):
                self.fields[name].disabled = True
                self.fields[name].help_text = FIXED_ONCE_ENDED

    def clean_suspended_commitments(self):
        chosen = self.cleaned_data["suspended_commitments"]
        if not self.elsewhere:
            return chosen
        # Still a query, read only if the row is saved.
        return chosen | Commitment.objects.filter(pk__in=self.elsewhere)

    def clean(self):
        data = super().clean()
        starts_on, chosen = data.get("starts_on"), data.get("suspended_commitments")
        if starts_on is None or chosen is None or self.fields["suspended_commitments"].disabled:
            return data
        # Only those newly chosen: an event saved before this check keeps what it holds. Read only then (the
        # chosen records are read when used): a form saved unchanged reads nothing more a row.
        kept = {str(getattr(value, "pk", value)) for value in self.initial.get("suspended_commitments", [])}
        new = set(map(str, self["suspended_commitments"].value() or [])) - kept
        newly_chosen = chosen.filter(pk__in=new) if new else []
        passed = [commitment for commitment in newly_chosen if due_before(commitment, starts_on)]
        if passed:
            self.add_error(
                "suspended_commitments",
                ngettext(
                    "Due before the event starts (%(day)s), so the event does not suspend it: %(titles)s.",
                    "Due before the event starts (%(day)s), so the event does not suspend them: %(titles)s.",
                    len(passed),
                )
                % {"day": date_format(starts_on), "titles": "; ".join(c.title for c in passed)},
            )
        return data


class ForceMajeureInline(SharedChoicesInline, admin.StackedInline):
    model = ForceMajeureEvent
    form = ForceMajeureForm
    extra = 0
    fields = [("starts_on", "ending"), "reason", ("suspended_commitments", "moved_elsewhere")]
    readonly_fields = ["ending", "moved_elsewhere"]

    # Set per request (inline instances are): whether the user may change the agreement, so end its events,
    # and the commitments the user may read, whose title a deadline moved elsewhere may show.
    may_end = False
    readable_commitments = Commitment.objects.none()

    @admin.display(description=gettext_lazy("ends on"))
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

    @admin.display(description=gettext_lazy("suspended deadlines moved since to another agreement"))
    def moved_elsewhere(self, event):
        moved = event.suspended_elsewhere()
        if not moved:
            return "–"
        readable = self.readable_moved(event.agreement_id)
        named = [readable[commitment.pk] for commitment in moved if commitment.pk in readable]
        parts = [
            _("%(commitment)s (now in %(agreement)s)")
            % {"commitment": commitment.title, "agreement": commitment.agreement}
            for commitment in named
        ]
        hidden = len(moved) - len(named)
        if hidden:
            # Another office's records are not named, only counted: this event still suspends them.
            parts.append(
                ngettext(
                    "%(count)d moved since to an agreement you cannot read",
                    "%(count)d moved since to agreements you cannot read",
                    hidden,
                )
                % {"count": hidden}
            )
        return "; ".join(parts)

    def readable_moved(self, agreement_id):
        """The deadlines the agreement's events suspend, moved since elsewhere, that the user may read: read
        once for all its events, when one has such a deadline."""
        if getattr(self, "_readable_moved", None) is None:
            moved = self.readable_commitments.filter(force_majeure_events__agreement_id=agreement_id)
            moved = moved.exclude(agreement_id=agreement_id).select_related("agreement")
            self._readable_moved = {commitment.pk: commitment for commitment in moved}
        return self._readable_moved

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("suspended_commitments")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        parent_admin = self.admin_site.get_model_admin(self.parent_model)
        self.may_end = obj is not None and parent_admin.has_change_permission(request, obj)
        self.readable_commitments = Commitment.objects.visible_to(request.user)
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
