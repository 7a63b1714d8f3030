"""The workspace's additions to the agreements admin: spreadsheets, next-cycle copy, addenda, deleted records.

The agreements app's ModelAdmins are extended here and registered again, so that agreements/ does not
depend on the workspace app (which is installed after it).
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agreements.admin.agreements import AgreementAdmin
from agreements.admin.commitments import CommitmentAdmin
from agreements.models import Agreement, Commitment
from agreements.services import (
    AddendumError,
    CopyError,
    addendum_apply,
    addendum_refusal,
    agreement_copy_to_election,
)
from kpu_coop.deadlocks import retry_on_deadlock
from workspace import agreement_sheet, commitment_sheet
from workspace.forms import AddendumRedateForm, CopyToElectionForm
from workspace.spreadsheets import spreadsheet_response

FORMATS = ("csv", "xlsx")


class SpreadsheetExportMixin:
    """Export links on the change list (with its current filters) and export actions for selected rows."""

    change_list_template = "admin/workspace/change_list.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_export"
        view = self.admin_site.admin_view(self.export_view)
        return [path("export/<str:fmt>/", view, name=name), *super().get_urls()]

    def export_view(self, request, fmt):
        if fmt not in FORMATS:
            raise Http404
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest(_("These filters cannot be applied."))
        return self.export_response(changelist.queryset, fmt)

    def export_response(self, queryset, fmt):
        stamp = timezone.localdate().isoformat()
        return spreadsheet_response(
            fmt=fmt,
            headers=self.export_headers(),
            rows=self.export_rows(queryset),
            filename=f"{self.opts.model_name}s-{stamp}",
            title=str(self.opts.verbose_name_plural),
        )

    @admin.action(description=gettext_lazy("Export the selected rows as CSV"), permissions=["view"])
    def export_selected_csv(self, request, queryset):
        return self.export_response(queryset, "csv")

    @admin.action(description=gettext_lazy("Export the selected rows as Excel (.xlsx)"), permissions=["view"])
    def export_selected_xlsx(self, request, queryset):
        return self.export_response(queryset, "xlsx")


class AddedCommitmentInline(admin.TabularInline):
    model = Commitment
    fk_name = "added_by"
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = gettext_lazy("commitment added by this addendum")
    verbose_name_plural = gettext_lazy("commitments added by this addendum")
    fields = ["title", "agreement", "responsible", "due_on", "status"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Each row names its agreement and responsible agency.
        return super().get_queryset(request).select_related("agreement", "responsible")


class RetiredCommitmentInline(AddedCommitmentInline):
    fk_name = "retired_by"
    verbose_name = gettext_lazy("commitment retired by this addendum")
    verbose_name_plural = gettext_lazy("commitments retired by this addendum")


class WorkspaceAgreementAdmin(SpreadsheetExportMixin, AgreementAdmin):
    actions = [
        *AgreementAdmin.actions,
        "export_selected_csv",
        "export_selected_xlsx",
        "copy_to_election",
        "apply_addendum",
    ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "chain_display"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, {**options}) for name, options in super().get_fieldsets(request, obj)]
        if obj is not None:
            first = fieldsets[0][1]
            fields = list(first["fields"])
            fields.insert(fields.index("parent") + 1 if "parent" in fields else 0, "chain_display")
            first["fields"] = fields
        return fieldsets

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        if obj is not None and obj.kind == Agreement.Kind.ADDENDUM:
            inlines += [AddedCommitmentInline, RetiredCommitmentInline]
        return inlines

    def export_headers(self):
        return agreement_sheet.HEADERS

    def export_rows(self, queryset):
        return agreement_sheet.export_rows(agreement_sheet.export_queryset(queryset))

    @admin.display(description=gettext_lazy("agreement chain"))
    def chain_display(self, agreement):
        """MoU → PKS → addendum above this agreement, and the agreements that follow it, as links."""
        ancestors, node, seen = [], agreement, {agreement.pk}
        while node.parent_id and node.parent_id not in seen:
            node = node.parent
            seen.add(node.pk)
            ancestors.insert(0, node)
        links = format_html_join(
            " → ",
            '<a href="{}">{}: {}</a>',
            ((self._change_url(a), a.get_kind_display(), a.title) for a in ancestors),
        )
        here = format_html("<strong>{}: {}</strong>", agreement.get_kind_display(), agreement.title)
        children = format_html_join(
            ", ",
            '<a href="{}">{}: {}</a>',
            ((self._change_url(c), c.get_kind_display(), c.title) for c in agreement.children.order_by("pk")),
        )
        chain = format_html("{} → {}", links, here) if ancestors else here
        if children:
            chain = format_html("{}<br>{} {}", chain, _("Followed by:"), children)
        return chain

    def _change_url(self, agreement):
        return reverse("admin:agreements_agreement_change", args=[agreement.pk])

    @admin.action(
        description=gettext_lazy("Copy into a draft for another election (next cycle)"), permissions=["add"]
    )
    def copy_to_election(self, request, queryset):
        form = CopyToElectionForm(request.POST if "apply" in request.POST else None, user=request.user)
        if form.is_valid():
            for agreement in queryset:
                self._copy_one(request, agreement, form.cleaned_data["election"])
            return None
        return TemplateResponse(
            request,
            "admin/workspace/copy_to_election.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Copy agreements for the next election cycle"),
                "opts": self.opts,
                "form": form,
                "agreements": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def _copy_one(self, request, agreement, election):
        try:
            result = agreement_copy_to_election(agreement=agreement, election=election, user=request.user)
        except CopyError as error:
            message = str(error)
            if error.existing:
                url, title = self._change_url(error.existing), error.existing.title
                message = format_html('{} <a href="{}">{}</a>', message, url, title)
            self.message_user(request, message, messages.ERROR)
            return
        copy = result.agreement
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("Copied into a new draft:"),
                self._change_url(copy),
                copy.title,
            ),
            messages.SUCCESS,
        )
        if result.not_retied:
            names = "; ".join(f"{c.title} ({c.old_stage.name})" for c in result.not_retied)
            self.message_user(
                request,
                _(
                    "%(election)s has no stage of the same name for these deadlines; "
                    "they now have none: %(names)s"
                )
                % {"election": election, "names": names},
                messages.WARNING,
            )
        if result.fixed_dates_cleared:
            names = "; ".join(f"{c.title} ({date_format(c.old_due_on)})" for c in result.fixed_dates_cleared)
            self.message_user(
                request,
                _("Fixed due dates belong to the old cycle and were cleared; set new ones: %(names)s")
                % {"names": names},
                messages.WARNING,
            )

    @admin.action(
        description=gettext_lazy("Apply the selected addendum to the PKS it amends"), permissions=["change"]
    )
    # It locks the PKS, then its commitments; a report's review locks a commitment, then its agreement. When
    # the two meet, the one rolled back runs again from the request (kpu_coop.deadlocks): addendum_apply()
    # changes the commitments it is given, so it needs fresh ones.
    @retry_on_deadlock
    def apply_addendum(self, request, queryset):
        addenda = list(queryset.filter(kind=Agreement.Kind.ADDENDUM)[:2])
        if len(addenda) != 1 or queryset.count() != 1:
            self.message_user(request, _("Select exactly one addendum to apply."), messages.WARNING)
            return None
        addendum = addenda[0]
        amended = addendum.parent
        refusal = amended and addendum_refusal(addendum, amended)
        if refusal:
            # Said before any date is typed, not after the dates pass their checks.
            self.message_user(request, refusal, messages.ERROR)
            return None
        retirable = (
            amended.commitments.filter(retired_by__isnull=True).order_by("order", "pk") if amended else []
        )
        redatable = (
            amended.commitments.open().select_related("due_stage").order_by("order", "pk") if amended else []
        )
        applying = "apply" in request.POST
        redate_form = AddendumRedateForm(
            request.POST if applying else None,
            commitments=redatable,
            term_start=addendum.term_start or getattr(amended, "term_start", None),
            term_end=addendum.term_end or getattr(amended, "term_end", None),
        )
        chosen = [c for c in retirable if str(c.pk) in request.POST.getlist("retire")] if applying else []
        if applying:
            if not redate_form.is_valid():
                self.message_user(request, _("Correct the new due dates below."), messages.ERROR)
            else:
                try:
                    result = addendum_apply(
                        addendum=addendum, retire=chosen, redate=redate_form.redate(), user=request.user
                    )
                except AddendumError as error:
                    self.message_user(request, str(error), messages.ERROR)
                else:
                    self._applied_messages(request, result)
                    return None
        return TemplateResponse(
            request,
            "admin/workspace/apply_addendum.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Apply an addendum"),
                "opts": self.opts,
                "addendum": addendum,
                "amended": amended,
                "added": addendum.commitments.select_related("responsible").order_by("order", "pk"),
                "retirable": retirable,
                "retire_chosen": {c.pk for c in chosen},
                "redate_form": redate_form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def _applied_messages(self, request, result):
        self.message_user(
            request,
            _("Applied to “%(title)s”: term %(term)s, %(added)s, %(retired)s.")
            % {
                "title": result.amended.title,
                "term": _("changed") if result.term_changed else _("unchanged"),
                "added": ngettext("%d commitment added", "%d commitments added", len(result.added))
                % len(result.added),
                "retired": ngettext("%d commitment retired", "%d commitments retired", len(result.retired))
                % len(result.retired),
            },
            messages.SUCCESS,
        )
        if result.redated:
            count = len(result.redated)
            self.message_user(
                request,
                ngettext(
                    "%d due date moved by the addendum; the public page shows the move.",
                    "%d due dates moved by the addendum; the public page shows the moves.",
                    count,
                )
                % count,
                messages.SUCCESS,
            )


class WorkspaceCommitmentAdmin(SpreadsheetExportMixin, CommitmentAdmin):
    actions = [*CommitmentAdmin.actions, "export_selected_csv", "export_selected_xlsx"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "added_by", "retired_by"]

    def get_fieldsets(self, request, obj=None):
        return [
            *super().get_fieldsets(request, obj),
            (_("Addenda"), {"fields": [("added_by", "retired_by")]}),
        ]

    def export_headers(self):
        return commitment_sheet.export_headers()

    def export_rows(self, queryset):
        return commitment_sheet.export_rows(commitment_sheet.export_queryset(queryset))


admin.site.unregister(Agreement)
admin.site.register(Agreement, WorkspaceAgreementAdmin)
admin.site.unregister(Commitment)
admin.site.register(Commitment, WorkspaceCommitmentAdmin)
