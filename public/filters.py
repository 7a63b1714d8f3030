"""The listing's filters; the open data files honour the same ones."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from agencies.models import Region
from agreements.models import Agreement, AgreementParty, FocusArea
from agreements.planning_years import FIRST_YEAR, LAST_YEAR
from kpu_coop import pagination
from public.caching import site_data
from public.queries import public_organisations, published_agreements, site_elections
from public.search import search_agreements

MAX_QUERY_LENGTH = 200
# One form for every language: "01/02/2023" was 1 February in Indonesian and 2 January in English.
ISO_DATE = ["%Y-%m-%d"]
# Beyond this many elections (a national installation: a Pilkada in every region) the list offers KPU RI's.
ELECTION_CHOICE_LIMIT = 60

SORTS = {
    "newest": (_("Newest signed first"), [F("date_signed").desc(nulls_last=True), "title"]),
    "oldest": (_("Oldest signed first"), [F("date_signed").asc(nulls_last=True), "title"]),
    "title": (_("Title A–Z"), ["title", "pk"]),
    "progress": (_("Most progress first"), [F("progress_share").desc(nulls_last=True), "title"]),
    "published": (_("Recently published"), [F("published_at").desc(nulls_last=True), F("pk").desc()]),
}


class FilterOptions:
    """The choices each filter offers (on the national site or an office's), read once per data generation."""

    def __init__(self, office=None):
        self.office = office
        # The same for every request of a site until a write commits: shared through the cache
        # (public.caching.site_data), so a listing that misses the page cache does not read them again.
        self.__dict__.update(site_data(office, "filter-options", lambda: read_options(office)))


def read_options(office):
    """The choices of FilterOptions, as plain lists of (value, label) that the cache can hold."""
    agencies = public_organisations(office).order_by("short_name").values_list("slug", "short_name")
    agencies = list(agencies[: pagination.CHOICE_LIMIT + 1])
    elections = list(site_elections(office)[: ELECTION_CHOICE_LIMIT + 1])
    # Too many: KPU RI's only; a regional one stays choosable from its page's link (extra_election).
    elections_cut = len(elections) > ELECTION_CHOICE_LIMIT
    if elections_cut:
        elections = site_elections(office).national()
    years = published_agreements(office).dates("date_signed", "year", order="DESC")
    return {
        # None: too many to offer as choices (a national installation); the party is typed instead.
        "agencies": agencies if len(agencies) <= pagination.CHOICE_LIMIT else None,
        "focus_areas": [(area.slug, str(area.display_name)) for area in FocusArea.objects.all()],
        "elections_cut": elections_cut,
        "elections": [(election.slug, str(election.name_with_office)) for election in elections],
        "years": [(str(day.year), str(day.year)) for day in years],
    }


def unknown(what):
    return {"invalid_choice": what}


def extra_election(data, options):
    """The election asked for when the cut list leaves it out and the site shows it (one query then)."""
    slug = (data or {}).get("election")
    if not options.elections_cut or not slug or slug in dict(options.elections):
        return []
    return [
        (election.slug, election.name_with_office)
        for election in site_elections(options.office).filter(slug=slug)
    ]


def is_year(value):
    """Whether ``value`` (a query parameter) names a year an agreement could be signed in."""
    return len(value) == 4 and value.isascii() and value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR


def extra_year(data, options):
    """The year asked for when no agreement of the site was signed in it: shown chosen, not replaced by "Any
    year" above an empty list."""
    year = (data or {}).get("year")
    return [(year, year)] if year and is_year(year) and year not in dict(options.years) else []


class YearField(forms.ChoiceField):
    """The year signed: the years the site's agreements were signed in are offered, and any other year is
    valid too and selects nothing, so that a tool walking the years gets an empty answer, not an error."""

    def valid_value(self, value):
        return is_year(str(value))


class AgreementFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        help_text=_("Words from the title, the scope, an agreement number or a party's name."),
        error_messages={"max_length": _("Search with at most %(limit_value)d characters.")},
    )
    agency = forms.ChoiceField(
        label=_("Party"), required=False, error_messages=unknown(_("There is no such party on this site."))
    )
    focus_area = forms.ChoiceField(
        label=_("Focus area"), required=False, error_messages=unknown(_("There is no such focus area."))
    )
    election = forms.ChoiceField(
        label=_("Election"), required=False, error_messages=unknown(_("There is no such election."))
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        # A published agreement is never a draft (Agreement.clean): the public never finds one.
        choices=[
            ("", _("Any status")),
            *[(value, label) for value, label in Agreement.Status.choices if value != Agreement.Status.DRAFT],
        ],
        error_messages=unknown(_("There is no such status.")),
    )
    year = YearField(label=_("Year signed"), required=False)
    signed_from = forms.DateField(
        label=_("Signed on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=ISO_DATE,
        error_messages={"invalid": _("Enter a date as year-month-day, for example 2022-12-28.")},
    )
    signed_to = forms.DateField(
        label=_("Signed on or before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=ISO_DATE,
        error_messages={"invalid": _("Enter a date as year-month-day, for example 2022-12-28.")},
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
        error_messages=unknown(_("There is no such order.")),
    )

    def __init__(self, data, *, options):
        super().__init__(data)
        self.agency_typed = options.agencies is None
        if self.agency_typed:
            self.fields["agency"] = forms.CharField(
                label=_("Party"),
                required=False,
                max_length=100,
                strip=True,
                help_text=_("A party's short name, for example Dukcapil, or the code in its page address."),
            )
        else:
            self.fields["agency"].choices = [("", _("Any party")), *options.agencies]
        self.fields["focus_area"].choices = [("", _("Any focus area")), *options.focus_areas]
        self.fields["election"].choices = [
            ("", _("Any election")),
            *options.elections,
            *extra_election(data, options),
        ]
        if options.elections_cut:
            self.fields["election"].help_text = _(
                "KPU RI's elections. A regional election is chosen from its page on its office's site."
            )
        self.fields["year"].choices = [("", _("Any year")), *options.years, *extra_year(data, options)]
        self.fields["year"].error_messages["invalid_choice"] = _(
            "Give a year from %(first)s to %(last)s, for example 2024."
        ) % {"first": FIRST_YEAR, "last": LAST_YEAR}

    def clean_agency(self):
        agency = self.cleaned_data["agency"]
        if self.agency_typed and agency and not self.parties().exists():
            raise ValidationError(_("There is no such party on this site."), code="invalid_choice")
        return agency

    def parties(self):
        """The organisations the agency filter names: one slug chosen, or a typed slug or short name."""
        agency = self.cleaned_data["agency"]
        if self.agency_typed:
            return public_organisations().filter(Q(slug=agency) | Q(short_name__iexact=agency))
        return public_organisations().filter(slug=agency)

    def clean(self):
        data = super().clean()
        start, end = data.get("signed_from"), data.get("signed_to")
        if start and end and end < start:
            self.add_error("signed_to", _("This date is before the first one."))
        return data

    def narrows(self):
        """Whether a filter is in use (an order alone narrows nothing); call only on a valid form."""
        return any(value for name, value in self.cleaned_data.items() if name != "sort")

    def filtered(self, agreements):
        """Narrow ``agreements`` to those the filters select; call only on a valid form."""
        data = self.cleaned_data
        if data["q"]:
            agreements = search_agreements(agreements, data["q"])
        if data["agency"]:
            parties = AgreementParty.objects.filter(organisation__in=self.parties())
            agreements = agreements.filter(pk__in=parties.values("agreement_id"))
        # From the link tables alone: through the agreements too, the subquery read each agreement twice.
        if data["focus_area"]:
            tagged = Agreement.focus_areas.through.objects.filter(focusarea__slug=data["focus_area"])
            agreements = agreements.filter(pk__in=tagged.values("agreement_id"))
        if data["election"]:
            covering = Agreement.elections.through.objects.filter(election__slug=data["election"])
            agreements = agreements.filter(pk__in=covering.values("agreement_id"))
        if data["status"]:
            agreements = agreements.in_status(data["status"])
        if data["year"]:
            agreements = agreements.filter(date_signed__year=int(data["year"]))
        if data["signed_from"]:
            agreements = agreements.filter(date_signed__gte=data["signed_from"])
        if data["signed_to"]:
            agreements = agreements.filter(date_signed__lte=data["signed_to"])
        return agreements

    def ordered(self, agreements):
        _label, order = SORTS[self.cleaned_data.get("sort") or "newest"]
        return agreements.order_by(*order)

    def filter_query(self):
        """The filters as a query string, without the order, for links to the open data."""
        query = QueryDict(mutable=True)
        for name in self.fields:
            if name != "sort" and self.data.get(name):
                query[name] = self.data[name]
        return query.urlencode()


class ProvinceFilterForm(forms.Form):
    """The national agency list's province filter: a province's region code (Kemendagri), e.g. 34."""

    province = forms.ChoiceField(
        label=_("Province"), required=False, error_messages=unknown(_("There is no such province."))
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = Region.objects.filter(level=Region.Level.PROVINCE)
        self.provinces = {region.code: region for region in provinces}
        choices = [(code, region.name) for code, region in self.provinces.items()]
        self.fields["province"].choices = [("", _("Every province")), *choices]

    def clean_province(self):
        return self.provinces.get(self.cleaned_data["province"])
