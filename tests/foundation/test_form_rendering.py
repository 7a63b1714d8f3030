"""The project's form renderer writes every select and text box exactly as Django's own templates do, only
faster."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.translation import gettext_lazy

from kpu_coop.form_rendering import FormRenderer
from public.filters import AgreementFilterForm, FilterOptions
from tests.factories import make_election, make_focus_area, make_published_agreement

CHOICES = [("", "---------"), (1, "Satu"), ("a&b", "<b>tebal</b> & “kutip”"), (2024, 2024)]
GROUPED = [("Grup <1>", [(1, "A"), (2, "B")]), (3, "C"), (gettext_lazy("Election"), [(4, "D")])]


class Every(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    yes_no = forms.NullBooleanField()
    translated = forms.ChoiceField(choices=[("x", gettext_lazy("Agreement"))], disabled=True)
    marked = forms.ChoiceField(
        choices=CHOICES,
        widget=forms.Select(attrs={"data-count": 1200, "aria-describedby": "bantuan", "hidden": False}),
    )
    text = forms.CharField(max_length=20, required=False, help_text="Bantuan <i>miring</i>")
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    number = forms.IntegerField(min_value=1, required=False)
    email = forms.EmailField(required=False, disabled=True, initial="a@b.id")
    address = forms.URLField(required=False)
    search = forms.CharField(required=False, widget=forms.SearchInput(attrs={"autofocus": True}))
    phone = forms.CharField(required=False, widget=forms.TelInput)
    secret = forms.CharField(required=False, widget=forms.HiddenInput)


def both(form_class, *args, **kwargs):
    ours = form_class(*args, renderer=FormRenderer(), **kwargs)
    djangos = form_class(*args, renderer=DjangoTemplates(), **kwargs)
    return str(ours), str(djangos)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "a&b", "grouped": "2", "many": ["1", "2024"], "yes_no": "true", "marked": "1"},
        {"plain": "tidak ada", "grouped": "9", "yes_no": "bukan"},
        {"text": "<b>\"tebal\"</b> & 'kutip'", "day": "2024-02-14", "number": "-3", "secret": "x<y"},
        {"day": "14 Februari", "number": "banyak", "address": "bukan", "search": "a&b", "phone": "0274"},
    ],
)
def test_every_kind_of_select_and_text_box_is_written_as_djangos_templates_write_it(language, data):
    with translation.override(language):
        ours, djangos = both(Every, data)

    assert ours == djangos
    assert "<option" in ours
    assert '<input type="date"' in ours


@pytest.mark.django_db
def test_the_public_listings_filters_are_written_as_djangos_templates_write_them():
    make_published_agreement().elections.add(make_election())
    make_focus_area()
    options = FilterOptions()

    form = AgreementFilterForm({"sort": "title"}, options=options)
    form.renderer = FormRenderer()
    ours = str(form)
    form.renderer = DjangoTemplates()

    assert ours == str(form)


def test_a_select_whose_options_have_a_template_of_their_own_is_left_to_django():
    class Starred(forms.Select):
        option_template_name = "django/forms/widgets/input.html"

    class Form(forms.Form):
        choice = forms.ChoiceField(choices=[(1, "A")], widget=Starred)

    ours, djangos = both(Form)

    assert ours == djangos
