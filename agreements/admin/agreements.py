from operator import attrgetter

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agencies.admin import OrganisationChoicesMixin
from agreements.admin.clauses import ForceMajeureInline, GrantTrancheInline, WitnessInline
from agreements.admin.force_majeure import ForceMajeureEndMixin
from agreements.admin.scoping import ElectionListFilter, OfficeScopedAdmin, StageLabelsMixin
from agreements.admin.stage_rows import StageRowsInline
from agreements.models import Agreement, AgreementParty, Commitment, Document, Election
from agreements.services import PublishError, agreement_publish, agreement_unpublish
from kpu_coop.admin_choices import ListedChoicesAdmin, SharedChoicesInline
from kpu_coop.admin_filters import ShortRelatedOnlyFilter
from kpu_coop.history_admin import HistoryAdmin
from kpu_coop.record_ids import record_id


def submitted_party_organisation_ids(data, prefix="parties"):
    """Organisation ids of the party rows in a submitted agreement form, minus deleted rows."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", ""))
    except ValueError:
        return None
    ids = set()
    for index in range(min(total, 100)):
        organisation = record_id(data.get(f"{prefix}-{index}-organisation", ""))
        if organisation is not None and not data.get(f"{prefix}-{index}-DELETE"):
            ids.add(organisation)
    return ids


class CommitmentInlineFormSet(BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.is_bound:
            # Parties may be added in the same submission: check against them, not the saved ones.
            form.instance.submitted_party_organisation_ids = submitted_party_organisation_ids(self.data)
        return form


class PartyInlineFormSet(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        if kwargs.get("instance") is None or kwargs["instance"]._state.adding:
            # A new agreement starts with both roles offered, so each row only needs its organisation.
            kwargs.setdefault("initial", [{"role": role} for role in AgreementParty.Role.values])
        super().__init__(*args, **kwargs)


class PartyInline(OrganisationChoicesMixin, SharedChoicesInline, admin.StackedInline):
    model = AgreementParty
    formset = PartyInlineFormSet
    extra = 0
    min_num = 1
    max_num = 2
    autocomplete_fields = ["organisation"]
    fields = [
        ("role", "organisation"),
        "number",
        ("signatory_name", "signatory_position"),
        "acting_for",
        ("rights", "obligations"),
    ]

    def get_queryset(self, request):
        # Shown read-only (a province reading its regency's agreement), each row's organisation is printed.
        return super().get_queryset(request).select_related("organisation")

    def get_extra(self, request, obj=None, **kwargs):
        # Rows for both parties without JavaScript; the admin's queryset has prefetched the saved ones.
        saved = len(obj.parties.all()) if obj is not None else 0
        return max(0, self.max_num - max(saved, self.min_num))


class CommitmentInline(
    StageRowsInline, OrganisationChoicesMixin, SharedChoicesInline, StageLabelsMixin, admin.StackedInline
):
    model = Commitment
    fk_name = "agreement"
    formset = CommitmentInlineFormSet
    extra = 0
    show_change_link = True
    autocomplete_fields = ["responsible", "focus_area", "due_stage"]
    fields = [
        ("title", "responsible", "focus_area"),
        "description",
        ("due_kind", "due_date"),
        ("due_stage", "due_anchor", "due_offset_days"),
        ("weight", "is_not_applicable", "not_applicable_reason"),
        ("is_example", "order"),
        ("due_on", "original_due_on"),
        ("status", "verified_on"),
    ]
    readonly_fields = ["due_on", "original_due_on", "status", "verified_on"]

    def get_queryset(self, request):
        # Shown read-only (a province reading its regency's agreement), each row prints its agency, focus area
        # and stage with its election and office: 4 queries a row without these joins.
        related = ["responsible", "focus_area", "due_stage__election__office"]
        return super().get_queryset(request).select_related(*related)


class DocumentInline(SharedChoicesInline, admin.TabularInline):
    model = Document
    extra = 0
    fields = ["kind", "title", "file", "is_public", "size", "sha256"]
    readonly_fields = ["size", "sha256"]


class ChildAgreementInline(SharedChoicesInline, admin.TabularInline):
    model = Agreement
    fk_name = "parent"
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("follow-up agreement")
    verbose_name_plural = _("follow-up agreements (PKS or addenda)")
    fields = ["kind", "title", "date_signed", "state"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(ForceMajeureEndMixin, ListedChoicesAdmin, OfficeScopedAdmin, HistoryAdmin):
    owner_fields = {"office": "pk", "parent": "office"}
    list_display = [
        "title",
        "kind",
        "party_numbers",
        "date_signed",
        "status_display",
        "progress_display",
        "is_published",
    ]
    list_filter = [
        "kind",
        "state",
        "is_published",
        ("elections", ElectionListFilter),
        "focus_areas",
        ("office", ShortRelatedOnlyFilter),
        ("parties__organisation", ShortRelatedOnlyFilter),
    ]
    search_fields = ["title", "scope", "parties__number", "parties__organisation__short_name"]
    date_hierarchy = "date_signed"
    autocomplete_fields = ["parent"]
    # Checkboxes for elections and focus areas: filter_horizontal's widget fails screen readers (its search
    # icon is a <span> with an aria-label and no role) and needs JavaScript.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    # Publication goes through the list's actions (agreements.services), which refuse a draft and date it.
    readonly_fields = [
        "status_display",
        "progress_display",
        "is_published",
        "published_at",
        "created_at",
        "updated_at",
    ]
    actions = ["publish", "unpublish"]
    # In the order of a signed agreement: heading, basis, purpose and scope, then (in the parties' rows)
    # rights and obligations, term, funding, monitoring, termination, disputes; force majeure and the
    # witnesses follow as rows below.
    fieldsets = [
        (None, {"fields": ["office", "kind", "parent", "title"]}),
        (_("Signing"), {"fields": [("place_signed", "date_signed"), "state", "status_display"]}),
        (_("Basis, purpose and scope"), {"fields": ["legal_basis", "purpose", "scope"]}),
        (_("Term"), {"fields": [("term_start", "term_end")]}),
        (_("Funding"), {"fields": ["funding", ("funding_amount", "funding_source")]}),
        (
            _("Grant (NPHD only)"),
            {
                "fields": ["grant_amount", ("grant_returned_amount", "grant_returned_on")],
                "description": _(
                    "The amount the regional grant agreement awards; its tranches are entered below."
                ),
            },
        ),
        (_("Monitoring and evaluation"), {"fields": [("monitoring_every_months", "monitoring_forum")]}),
        (_("Termination"), {"fields": [("termination_date", "termination_reason")]}),
        (_("Dispute settlement"), {"fields": ["dispute_settlement"]}),
        (_("Coverage"), {"fields": ["elections", "focus_areas"]}),
        (
            _("Progress and publication"),
            {
                "fields": ["progress_display", "is_published", "published_at"],
                "description": _(
                    "Publish or withdraw it from the list of agreements: select it, then choose the action. "
                    "A draft is published once it is signed."
                ),
            },
        ),
        (_("Internal"), {"fields": ["notes", "created_at", "updated_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.kind != Agreement.Kind.NPHD:
            # A saved MoU or PKS has no grant: its fields and tranche rows stay out of the way.
            return [fieldset for fieldset in fieldsets if "grant_amount" not in fieldset[1]["fields"]]
        return fieldsets

    def get_inlines(self, request, obj):
        inlines = [PartyInline, CommitmentInline]
        if obj is None or obj.kind == Agreement.Kind.NPHD:
            inlines.append(GrantTrancheInline)
        return [*inlines, ForceMajeureInline, WitnessInline, DocumentInline, ChildAgreementInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name != "elections":
            return super().formfield_for_manytomany(db_field, request, **kwargs)
        # Only elections the user's offices may follow (docs/domain.md, "Elections per office").
        usable = Election.objects.usable_by(request.user).select_related("office")
        field = super().formfield_for_manytomany(
            db_field, request, queryset=usable.order_by("voting_day", "name"), **kwargs
        )
        # An office's own copy of KPU RI's "Pilkada 2024" and the template itself are told apart.
        field.label_from_instance = attrgetter("name_with_office")
        return field

    def view_on_site(self, agreement):
        # Unpublished agreements have no public page (it answers 404), so no button leads there.
        return agreement.get_absolute_url() if agreement.is_published else None

    def get_queryset(self, request):
        queryset = super().get_queryset(request).with_status()
        return queryset.prefetch_related("parties__organisation")

    @admin.display(description=_("numbers"))
    def party_numbers(self, agreement):
        return " · ".join(party.number for party in agreement.parties.all() if party.number) or "–"

    @admin.display(description=_("status"), ordering="current_status")
    def status_display(self, agreement):
        return agreement.status.label

    @admin.display(description=_("progress"), ordering="done_weight")
    def progress_display(self, agreement):
        return str(agreement.progress)

    @admin.action(description=_("Publish the selected agreements"))
    def publish(self, request, queryset):
        published, drafts, orphans = 0, 0, []
        # A PKS before its addenda, so that both chosen together are published together.
        for agreement in sorted(queryset, key=lambda agreement: agreement.kind == Agreement.Kind.ADDENDUM):
            try:
                published += agreement_publish(agreement=agreement)
            except PublishError as refused:
                if refused.code == "draft":
                    drafts += 1
                else:
                    orphans.append(refused.agreement.title)
        self.message_user(
            request,
            ngettext("%d agreement published.", "%d agreements published.", published) % published,
            messages.SUCCESS,
        )
        if orphans:
            self.message_user(
                request,
                _("Not published, as the PKS each amends is not public: publish it first (%(titles)s).")
                % {"titles": "; ".join(orphans)},
                messages.WARNING,
            )
        if drafts:
            self.message_user(
                request,
                ngettext(
                    "%d draft was not published: record it as signed first.",
                    "%d drafts were not published: record them as signed first.",
                    drafts,
                )
                % drafts,
                messages.WARNING,
            )

    @admin.action(description=_("Unpublish the selected agreements"))
    def unpublish(self, request, queryset):
        selected = {agreement.pk for agreement in queryset}
        withdrawn = [each for agreement in queryset for each in agreement_unpublish(agreement=agreement)]
        count = len(withdrawn)
        self.message_user(
            request,
            ngettext("%d agreement unpublished.", "%d agreements unpublished.", count) % count,
            messages.SUCCESS,
        )
        addenda = [each.title for each in withdrawn if each.pk not in selected]
        if addenda:
            self.message_user(
                request,
                _("Withdrawn with the PKS they amend: %(titles)s.") % {"titles": "; ".join(addenda)},
                messages.INFO,
            )


@admin.register(AgreementParty)
class AgreementPartyAdmin(OrganisationChoicesMixin, ListedChoicesAdmin, OfficeScopedAdmin, HistoryAdmin):
    office_path = "agreement__office"
    owner_fields = {"agreement": "office"}
    list_display = ["agreement", "role", "organisation", "number", "signatory_name"]
    list_filter = ["role", ("organisation", ShortRelatedOnlyFilter)]
    list_select_related = ["agreement", "organisation"]
    # As the commitments' list (CommitmentAdmin.ordering): from the agreement index, not sorting every party.
    ordering = ["-agreement_id", "role", "pk"]
    search_fields = ["number", "signatory_name", "agreement__title", "organisation__short_name"]
    autocomplete_fields = ["agreement", "organisation"]


class LabelledFileInput(forms.ClearableFileInput):
    # Named by the field's <label>: the fieldset legend Django puts around a file input names no input
    # (axe "label").
    use_fieldset = False


@admin.register(Document)
class DocumentAdmin(ListedChoicesAdmin, OfficeScopedAdmin, HistoryAdmin):
    office_path = "agreement__office"
    owner_fields = {"agreement": "office"}
    list_display = ["title", "agreement", "kind", "is_public", "size", "uploaded_at"]
    list_filter = ["kind", "is_public"]
    list_select_related = ["agreement"]
    search_fields = ["title", "original_name", "agreement__title", "sha256"]
    autocomplete_fields = ["agreement"]
    readonly_fields = ["original_name", "size", "sha256", "uploaded_at"]
    formfield_overrides = {models.FileField: {"widget": LabelledFileInput}}
