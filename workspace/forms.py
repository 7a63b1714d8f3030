from operator import attrgetter

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.admin.widgets import IsoDateInput
from agreements.models import Election, ElectionStage
from agreements.planning_years import within_planning_years
from agreements.services import addendum_due_date_problem


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("A .csv (UTF-8) or .xlsx file of at most 5 MB, with the columns described below."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class ImportConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)


class CopyToElectionForm(forms.Form):
    """Offers only the elections the user's own offices may tie agreements to (Election.objects.usable_by)."""

    election = forms.ModelChoiceField(label=_("Election of the new cycle"), queryset=Election.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        usable = Election.objects.usable_by(user).select_related("office")
        self.fields["election"].queryset = usable.order_by("voting_day", "name")
        self.fields["election"].label_from_instance = attrgetter("name_with_office")


class MonevPeriodForm(forms.Form):
    """Which office and which period a monev report covers; a date, when given, wins over the period list."""

    office = forms.ModelChoiceField(label=_("KPU office"), queryset=None, empty_label=None)
    period = forms.ChoiceField(label=_("Period"), required=False)
    day = forms.DateField(
        label=_("Or the position on a date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("From the start of that date's quarter to the end of that date."),
    )

    def __init__(self, *args, offices, periods, stages, today, scheduled=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["office"].queryset = offices
        self.fields["office"].label_from_instance = lambda office: office.name
        choices = [
            ("", _("Choose a period")),
            (_("Quarters and semesters"), [(period.key, period.label) for period in periods]),
        ]
        if scheduled:
            # The days the agreements' monitoring clauses scheduled a monev (Agreement.monev_due_dates).
            choices.append((_("Scheduled monev dates"), [(period.key, period.label) for period in scheduled]))
        choices.append((_("Election stages"), [(f"stage-{stage.pk}", str(stage)) for stage in stages]))
        self.fields["period"].choices = choices

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day and day > self.today:
            raise forms.ValidationError(_("A date in the future has no position yet."))
        within_planning_years(day)
        return day

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("day") or cleaned.get("period")) and not self.errors:
            raise forms.ValidationError(_("Choose a period or give a date."))
        office, period = cleaned.get("office"), cleaned.get("period", "")
        if office and period.startswith("stage-") and not cleaned.get("day"):
            # The report takes only the stages the office's agreements may follow (monev_period answers 400).
            usable = ElectionStage.objects.usable_on_site_of(office).filter(pk=period.removeprefix("stage-"))
            if not usable.exists():
                message = _(
                    "The agreements of %(office)s follow no such stage: choose a stage of its own elections "
                    "or of the offices above it."
                )
                self.add_error("period", message % {"office": office.name})
        return cleaned

    def period_key(self):
        day = self.cleaned_data.get("day")
        return day.isoformat() if day else self.cleaned_data["period"]


class MonevEvaluationForm(forms.Form):
    obstacles = forms.CharField(
        label=_("Obstacles"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What held the work back in this period."),
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    follow_up = forms.CharField(
        label=_("Follow-up"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who does what next, and by when."),
    )
    # The version the form was opened on: a colleague's later save is shown, never overwritten unseen.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AddendumRedateForm(forms.Form):
    """New due dates an addendum gives the amended PKS's open commitments: one optional date each."""

    def __init__(self, *args, commitments, term_start, term_end, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitments = list(commitments)
        self.term_start, self.term_end = term_start, term_end
        for commitment in self.commitments:
            self.fields[self.field_name(commitment)] = forms.DateField(
                label=commitment.title,
                required=False,
                widget=IsoDateInput,
            )

    @staticmethod
    def field_name(commitment):
        return f"due-{commitment.pk}"

    def clean(self):
        cleaned = super().clean()
        for commitment in self.commitments:
            name = self.field_name(commitment)
            day = cleaned.get(name)
            problem = day and addendum_due_date_problem(
                new_due_on=day, term_start=self.term_start, term_end=self.term_end
            )
            if problem:
                self.add_error(name, problem)
        return cleaned

    def rows(self):
        """Each commitment with its date field, in order."""
        return [(commitment, self[self.field_name(commitment)]) for commitment in self.commitments]

    def redate(self):
        """``{commitment: new_due_on}`` for the dates given (addendum_apply's ``redate``)."""
        return {
            commitment: self.cleaned_data[self.field_name(commitment)]
            for commitment in self.commitments
            if self.cleaned_data.get(self.field_name(commitment))
        }
