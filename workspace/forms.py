from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Election


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("A .csv (UTF-8) or .xlsx file of at most 5 MB, with the columns described below."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class ImportConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)


class CopyToElectionForm(forms.Form):
    election = forms.ModelChoiceField(
        label=_("Election of the new cycle"), queryset=Election.objects.order_by("voting_day", "name")
    )
