"""The public listing's filters (public.filters.AgreementFilterForm) as API query parameters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from agencies.models import Organisation
from agreements.planning_years import FIRST_YEAR, LAST_YEAR
from public.filters import AgreementFilterForm, FilterOptions, ProvinceFilterForm, YearField

# The API pages by id (public cursors need a fixed order); the listing's sort does not apply.
IGNORED = {"sort"}


class ApiFilterForm(AgreementFilterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not read, so not checked either: like any other parameter the schema does not name.
        for name in IGNORED:
            del self.fields[name]

    def clean(self):
        # The page asks a person to fix a reversed date range; to a tool it is a range that selects nothing
        # (each parameter stays valid on its own, as the OpenAPI schema can say).
        return forms.Form.clean(self)


def filter_form(request):
    """The listing's filter form on the request's query; a 400 naming each bad parameter if invalid."""
    form = ApiFilterForm(request.query_params, options=FilterOptions())
    if not form.is_valid():
        raise ValidationError({name: list(messages) for name, messages in form.errors.items()})
    return form


def text_schema(field):
    # Django refuses the NUL character in any text field (ProhibitNullCharactersValidator).
    return {"type": "string", "maxLength": field.max_length, "pattern": "^[^\\u0000]*$"}


def filter_parameters():
    """The filters as OpenAPI parameters, with the values the data offers now as enums (identifiers: a
    party, a focus area, an election, a status)."""
    form = AgreementFilterForm(None, options=FilterOptions())
    parameters = []
    for name, field in form.fields.items():
        if name in IGNORED:
            continue
        description = str(field.label) + (f": {field.help_text}" if field.help_text else "")
        choices = [str(value) for value, _label in getattr(field, "choices", []) if value]
        kind = OpenApiTypes.DATE if name in ("signed_from", "signed_to") else OpenApiTypes.STR
        if isinstance(field, forms.CharField):
            kind = text_schema(field)
        if isinstance(field, YearField):
            # Any year is valid (one with no agreement selects none): the years offered now are no enum.
            kind, choices = {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}, None
        where = OpenApiParameter.QUERY
        parameters.append(OpenApiParameter(name, kind, where, description=description, enum=choices or None))
    if form.agency_typed:
        parameters = [p for p in parameters if p.name != "agency"]
        agency = text_schema(form.fields["agency"])
        description = str(_("A party's short name or slug."))
        parameters.append(OpenApiParameter("agency", agency, description=description))
    return parameters


class OfficeForm(forms.Form):
    """The ``office`` parameter: an active KPU office's slug (the ``offices/`` list), or nothing for all."""

    office = forms.SlugField(
        label=_("KPU office"),
        required=False,
        max_length=Organisation._meta.get_field("slug").max_length,
        help_text=_("The slug of a KPU office (see offices/): only what its public site shows."),
        error_messages={"invalid": _("Give the slug of a KPU office, as the offices list has it.")},
    )

    def clean_office(self):
        slug = self.cleaned_data["office"]
        if not slug:
            return None
        office = Organisation.objects.offices().active().filter(slug=slug).select_related("parent").first()
        if office is None:
            raise forms.ValidationError(_("There is no such KPU office: see the offices list for the slugs."))
        return office


def office_from(request):
    """The office the request's ``office`` parameter names, None when it names none; a 400 if unknown."""
    form = OfficeForm(request.query_params)
    if not form.is_valid():
        raise ValidationError({name: list(messages) for name, messages in form.errors.items()})
    return form.cleaned_data["office"]


def office_parameter():
    field = OfficeForm.base_fields["office"]
    slugs = list(Organisation.objects.offices().active().order_by("slug").values_list("slug", flat=True))
    return OpenApiParameter(
        "office",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        description=f"{field.label}: {field.help_text}",
        enum=slugs or None,
    )


def province_from(request):
    """The province (a Region) the request's ``province`` parameter names, None for all; a 400 if unknown."""
    form = ProvinceFilterForm(request.query_params)
    if not form.is_valid():
        raise ValidationError({name: list(messages) for name, messages in form.errors.items()})
    return form.cleaned_data["province"]


def province_parameter():
    field = ProvinceFilterForm().fields["province"]
    codes = [str(value) for value, _label in field.choices if value]
    description = f"{field.label}: " + str(_("a province's region code (Kemendagri), e.g. 34."))
    return OpenApiParameter(
        "province", OpenApiTypes.STR, OpenApiParameter.QUERY, description=description, enum=codes or None
    )
