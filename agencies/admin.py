from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import FETCH_PEERS, Prefetch
from django.http import Http404
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agencies.accounts import (
    account_email_changed,
    account_force_password_reset,
    account_invite,
    account_remove_two_factor,
)
from agencies.forms import (
    AccountChangeForm,
    AccountCreationForm,
    MembershipForm,
    MembershipFormSet,
    OrganisationForm,
)
from agencies.models import Membership, Organisation, Region, User
from agencies.offices import (
    keeps_agency,
    keeps_records_of,
    organisations_kept_by,
    organisations_with_members_read_by,
    outside_offices_or,
    reads_members_of,
    reads_organisation,
    staff_office_ids,
)
from agencies.onboarding_admin import office_create_view
from agencies.roles import (
    GrantFacts,
    Role,
    accounts_removal_error,
    can_change_email_of,
    can_manage_staff,
    last_administrator_ids,
    manageable_users,
    members_sync_rights,
    membership_grant_error,
    role_of,
    user_sync_rights,
    users_named_to,
    users_sync_rights,
)
from kpu_coop.admin_choices import ListedChoicesAdmin, SharedChoicesInline, list_only
from kpu_coop.admin_conflicts import EditConflictAdminMixin
from kpu_coop.admin_deletion import DeletionPreviewMixin
from kpu_coop.admin_filters import ShortRelatedOnlyFilter
from kpu_coop.admin_input import CraftedInputAdminMixin
from kpu_coop.history_admin import HistoryAdmin
from kpu_coop.record_ids import record_id


class UserChoicesMixin:
    """A form's account fields name only the accounts its user may see (``users_named_to``): else a chosen id,
    typed into the address or a refused POST, showed any account's name."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.related_model is User:
            field.queryset = users_named_to(request.user, field.queryset)
        return field


class OrganisationChoicesMixin:
    """A form's organisation selects list, without JavaScript, only the offices and agencies the user keeps
    (``organisations_kept_by``): never another office's agencies."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        kept = organisations_kept_by(request.user) if db_field.related_model is Organisation else None
        # A name typed past the list may still find another region's agency, as Select2 does.
        return field if kept is None else list_only(field, kept, named_beyond=True)


class ActorFormMixin:
    """Binds the person saving to the membership form, which refuses grants above their own role."""

    def actor_form(self, request):
        return type("ActorMembershipForm", (MembershipForm,), {"actor": request.user})


class MembershipInline(
    UserChoicesMixin, OrganisationChoicesMixin, SharedChoicesInline, ActorFormMixin, admin.TabularInline
):
    model = Membership
    formset = MembershipFormSet
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "position", "phone", "is_active"]

    def get_queryset(self, request):
        # Each row is titled with its member and organisation (Membership.__str__).
        memberships = super().get_queryset(request).select_related("user", "organisation")
        return memberships.filter(organisation__in=organisations_with_members_read_by(request.user))

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, form=self.actor_form(request), **kwargs)


class UserMembershipInline(MembershipInline):
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "position", "phone", "is_active"]


PERMISSION_ACTIONS = {"add": _("add"), "change": _("change"), "delete": _("delete"), "view": _("view")}


def permission_label(permission):
    """A permission as "Agreement: can change" in the user's language, not the stored English name."""
    model = permission.content_type.model_class()
    action = PERMISSION_ACTIONS.get(permission.codename.partition("_")[0])
    if model is None or action is None:
        return permission.name
    # simple-history names its tables "historical <name>" in English whatever the language.
    recorded = getattr(model, "instance_type", None)
    name = (
        _("history of %(model)s") % {"model": recorded._meta.verbose_name}
        if recorded
        else model._meta.verbose_name
    )
    return _("%(model)s: can %(action)s") % {"model": capfirst(name), "action": action}


def labelled_permissions(field):
    """A permissions field whose choices read as ``permission_label`` says, in one query."""
    field.queryset = field.queryset.select_related("content_type")
    field.label_from_instance = permission_label
    return field


class GroupAdmin(CraftedInputAdminMixin, DjangoGroupAdmin):
    """Django's groups (a superuser's), their permissions named in the user's language as on the user form."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return labelled_permissions(field) if db_field.name == "permissions" else field


admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)


def previous_holders(forms):
    """The accounts whose membership rows ``forms`` gave to another account: their rights follow too."""
    moved = [form.initial.get("user") for form in forms if form.instance.pk and "user" in form.changed_data]
    return list(User.objects.filter(pk__in=moved)) if moved else []


def sync_rights_of(users):
    users_sync_rights(users)


class MembershipSyncMixin:
    """After memberships change, each affected user's staff flag follows them (agencies.roles)."""

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Membership:
            changed = [
                *formset.new_objects,
                *(obj for obj, _ in formset.changed_objects),
                *formset.deleted_objects,
            ]
            sync_rights_of([*(membership.user for membership in changed), *previous_holders(formset.forms)])


def is_autocomplete(request):
    return request.resolver_match is not None and request.resolver_match.url_name == "autocomplete"


class MembersOrganisationFilter(ShortRelatedOnlyFilter):
    """The accounts' organisations, those whose members the user reads: another office's agency is neither
    offered nor taken from the address (it would tell which accounts are its members)."""

    def choice_records(self, field, request, model_admin):
        readable = organisations_with_members_read_by(request.user)
        return super().choice_records(field, request, model_admin).filter(pk__in=readable.values("pk"))

    def queryset(self, request, queryset):
        chosen = {record_id(value) for value in self.lookup_val or []}
        readable = organisations_with_members_read_by(request.user).filter(pk__in=chosen)
        if chosen and readable.count() != len(chosen):
            raise IncorrectLookupParameters("not an organisation whose members the user reads")
        return super().queryset(request, queryset)


@admin.register(User)
class UserAdmin(DeletionPreviewMixin, EditConflictAdminMixin, MembershipSyncMixin, DjangoUserAdmin):
    """Accounts: staff manage liaisons, administrators also staff; only a superuser sees rights fields.

    Nobody sets another person's password here: a new account gets an emailed set-your-password link, and an
    administrator may force a reset, which ends the person's sessions.
    """

    form = AccountChangeForm
    add_form = AccountCreationForm
    add_fieldsets = [(None, {"fields": ["username", "first_name", "last_name", "email"]})]
    inlines = [UserMembershipInline]
    list_display = ["username", "full_name", "email", "organisations", "role", "is_active"]
    list_filter = ["is_active", "memberships__role", ("memberships__organisation", MembersOrganisationFilter)]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["invite_users", "force_password_reset", "remove_two_factor"]

    def get_queryset(self, request):
        # Only the memberships the user reads are named: a liaison shared with another office's agency is
        # listed without it.
        read = Membership.objects.filter(organisation__in=organisations_with_members_read_by(request.user))
        memberships = Prefetch("memberships", queryset=read.select_related("organisation"))
        return manageable_users(request.user, super().get_queryset(request).prefetch_related(memberships))

    def get_search_results(self, request, queryset, search_term):
        # A search from another form than a membership's (an assignee, say) may find whom that form may name,
        # such as the liaisons of a party from another region; a membership's finds only whom it may grant.
        if is_autocomplete(request) and request.GET.get("model_name") != "membership":
            queryset = users_named_to(request.user, User.objects.order_by(*self.get_ordering(request)))
        return super().get_search_results(request, queryset, search_term)

    def get_urls(self):
        # Django's "change password" page for another user is not served: nobody sets someone's password.
        return [url for url in super().get_urls() if url.name != "auth_user_password_change"]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        account = [
            (None, {"fields": ["username"]}),
            (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        ]
        dates = (_("Important dates"), {"fields": ["last_login", "date_joined"]})
        if request.user.is_superuser:
            rights = ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]
            return [*account, (_("Permissions"), {"fields": rights}), dates]
        return [*account, (_("Status"), {"fields": ["is_active"]}), dates]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if obj is None or can_change_email_of(request.user, obj) else [*fields, "email"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return labelled_permissions(field) if db_field.name == "user_permissions" else field

    def get_inlines(self, request, obj):
        # Memberships are added once the account exists (its change page), where the rules can see it.
        return self.inlines if obj is not None else []

    def get_list_filter(self, request):
        return ["is_staff", *self.list_filter] if request.user.is_superuser else self.list_filter

    def save_model(self, request, obj, form, change):
        if not change:
            obj.invited_by = request.user  # its office manages the account until it has a membership
        super().save_model(request, obj, form, change)
        if change and "email" in form.changed_data:
            account_email_changed(user=obj, old_email=form.initial.get("email", ""), request=request)
        if not change and obj.email:
            # Once committed: a save refused after this point (its memberships, a constraint race) invites
            # nobody to an account that does not exist.
            base_url = request.build_absolute_uri("/").rstrip("/")
            transaction.on_commit(lambda: account_invite(user=obj, base_url=base_url), robust=True)
            self.message_user(
                request, _("An invitation to set a password was sent to %(email)s.") % {"email": obj.email}
            )
        elif not change:
            # Without an address the account has no way to a password: said, not left to a bare "added".
            self.message_user(
                request,
                _(
                    "No invitation was sent: the account has no email address. Add one, then choose "
                    "“Invite by email to set a password” in the list of users."
                ),
                messages.WARNING,
            )

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        # One account's memberships are each checked by MembershipAdmin.has_delete_permission; several
        # accounts' are checked together here. One transaction: the check holds its offices until they go.
        if accounts_removal_error(queryset.values("pk")):
            raise PermissionDenied
        # The security log names each membership's organisation: the memberships go first, read together.
        Membership.objects.filter(user__in=queryset.values("pk")).fetch_mode(FETCH_PEERS).delete()
        super().delete_queryset(request, queryset)

    @admin.display(description=_("name"), ordering="first_name")
    def full_name(self, user):
        return user.get_full_name()

    @admin.display(description=_("organisations"))
    def organisations(self, user):
        return ", ".join(str(m.organisation) for m in user.memberships.all())

    @admin.display(description=_("role"))
    def role(self, user):
        return Role(role_of(user)).label

    @admin.action(description=_("Invite by email to set a password"))
    def invite_users(self, request, queryset):
        base_url = request.build_absolute_uri("/").rstrip("/")
        invited, skipped, in_use = 0, [], []
        for user in queryset:
            if not (user.is_active and user.email):
                skipped.append(user.get_username())
                continue
            if user.has_usable_password():
                # An invitation sets a first password; replacing one is a forced reset (administrators).
                in_use.append(user.get_username())
                continue
            account_invite(user=user, base_url=base_url)
            self.log_change(request, user, _("Invitation to set a password sent by email."))
            invited += 1
        if invited:
            self.message_user(
                request,
                ngettext("%d invitation sent.", "%d invitations sent.", invited) % invited,
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _("Not invited (inactive or without an email address): %(names)s.")
                % {"names": ", ".join(skipped)},
                messages.WARNING,
            )
        if in_use:
            self.message_user(
                request,
                _(
                    "Not invited (already has a password; an administrator can force a password reset): "
                    "%(names)s."
                )
                % {"names": ", ".join(in_use)},
                messages.WARNING,
            )

    @admin.action(
        description=_("Force a password reset (ends their sessions, emails a new link)"),
        permissions=["manage_staff"],
    )
    def force_password_reset(self, request, queryset):
        base_url = request.build_absolute_uri("/").rstrip("/")
        emailed, unreachable = [], []
        for user in queryset:
            account_force_password_reset(actor=request.user, user=user, base_url=base_url, request=request)
            self.log_change(request, user, _("Password reset forced; sessions ended."))
            (emailed if user.email else unreachable).append(user.get_username())
        if emailed:
            self.message_user(
                request,
                _("Password reset, sessions ended and a link to set a new one emailed: %(names)s.")
                % {"names": ", ".join(emailed)},
                messages.SUCCESS,
            )
        if unreachable:
            # Locked out until someone gives them an address: said, not hidden behind a success.
            self.message_user(
                request,
                _(
                    "Password reset and sessions ended, but no link was sent (no email address): %(names)s. "
                    "Give each an email address, then invite them."
                )
                % {"names": ", ".join(unreachable)},
                messages.WARNING,
            )

    @admin.action(description=_("Remove their two-factor device (lost phone)"), permissions=["manage_staff"])
    def remove_two_factor(self, request, queryset):
        for user in queryset:
            count = account_remove_two_factor(actor=request.user, user=user, request=request)
            self.log_change(request, user, _("Two-factor devices removed: %(count)d.") % {"count": count})
        self.message_user(request, _("Two-factor devices removed."), messages.SUCCESS)

    def has_manage_staff_permission(self, request):
        return can_manage_staff(request.user)


@admin.register(Organisation)
class OrganisationAdmin(OrganisationChoicesMixin, ListedChoicesAdmin, MembershipSyncMixin, HistoryAdmin):
    # Adds the superusers' "Create an office" button (agencies.onboarding_admin).
    change_list_template = "admin/agencies/organisation/change_list.html"
    form = OrganisationForm
    list_display = ["short_name", "name", "kind", "region", "parent", "is_active"]
    list_filter = ["kind", "office_level", "is_active", ("region", ShortRelatedOnlyFilter)]
    list_select_related = ["parent", "region"]
    search_fields = ["short_name", "name", "slug", "region__name", "region__code"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parent", "region"]
    inlines = [MembershipInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "name",
                    "short_name",
                    "slug",
                    "office_level",
                    "region",
                    "parent",
                    "is_active",
                ]
            },
        ),
        (_("Contact"), {"fields": ["address", "email", "phone", "website"]}),
        (_("Head (signs the office's reports)"), {"fields": ["head_name", "head_position"]}),
    ]

    # Where an office sits decides who oversees it: only the installation's superusers change that.
    OFFICE_STRUCTURE = ["kind", "office_level", "region", "parent", "is_active"]

    def get_urls(self):
        view = self.admin_site.admin_view(partial(office_create_view, self))
        return [path("create-office/", view, name="agencies_organisation_office_create"), *super().get_urls()]

    def get_queryset(self, request):
        # Another office is not found; every office reads the agencies (agencies_of says who edits them).
        return super().get_queryset(request).filter(outside_offices_or(request.user, "pk", "kind"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = type("ActorOrganisationForm", (self.form,), {"actor": request.user})
        return super().get_form(request, obj, change, form=form, **kwargs)

    def get_changeform_initial_data(self, request):
        # A new agency is of the staff member's own region, so that it belongs to their office (agencies_of).
        initial = super().get_changeform_initial_data(request)
        offices = Organisation.objects.filter(pk__in=staff_office_ids(request.user))
        regions = set(offices.values_list("region_id", flat=True))
        if len(regions) == 1 and None not in regions:
            initial.setdefault("region", regions.pop())
        return initial

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            # A closed office's staff lose the admin and the workspace; reopened, they have them back.
            members_sync_rights(obj)

    def structure_locked(self, request, obj):
        return obj is not None and obj.is_office and not request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + self.OFFICE_STRUCTURE if self.structure_locked(request, obj) else fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "kind" and not request.user.is_superuser:
            # New KPU offices are made by a superuser (they decide who oversees whom).
            office = Organisation.Kind.ELECTION_COMMISSION
            field.choices = [choice for choice in field.choices if choice[0] != office]
        return field

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.keeps(request, obj))

    def keeps(self, request, obj):
        # An office is changed by its own staff; an agency by the office it belongs to (agencies_of).
        return keeps_records_of(request.user, obj.pk) if obj.is_office else keeps_agency(request.user, obj)

    def has_view_history_or_change_history_permission(self, request, obj=None):
        # History pages are reached by id, past get_queryset: another office's is not found there either.
        if obj is not None and not reads_organisation(request.user, self.record_as_now(obj.pk)):
            raise Http404
        return super().has_view_history_or_change_history_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None:
            return allowed
        return allowed and (request.user.is_superuser if obj.is_office else self.keeps(request, obj))


@admin.register(Membership)
class MembershipAdmin(
    UserChoicesMixin, OrganisationChoicesMixin, ListedChoicesAdmin, ActorFormMixin, HistoryAdmin
):
    list_display = ["user", "organisation", "role", "position", "is_active"]
    list_filter = [
        "role",
        "is_active",
        "organisation__kind",
        ("organisation", ShortRelatedOnlyFilter),
    ]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__short_name"]
    autocomplete_fields = ["user", "organisation"]

    def get_queryset(self, request):
        # Another office's staff and its agencies' liaisons are not found (agencies.offices.agencies_of).
        memberships = super().get_queryset(request)
        return memberships.filter(organisation__in=organisations_with_members_read_by(request.user))

    def get_form(self, request, obj=None, change=False, **kwargs):
        return super().get_form(request, obj, change, form=self.actor_form(request), **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or self.may_grant(request, obj))

    def has_view_history_or_change_history_permission(self, request, obj=None):
        # As in the list (a deleted membership's history too): another office's members are not found.
        if obj is not None and not reads_members_of(request.user, self.record_as_now(obj.pk).organisation_id):
            raise Http404
        return super().has_view_history_or_change_history_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return self.has_delete_permission_for_all(request, [obj])

    def has_delete_permission_for_all(self, request, memberships):
        """Whether each of ``memberships`` may be deleted: none is its office's last active administrator
        (each removed alone) and the user may change each grant; read once for all (a deleted organisation's
        or account's confirmation lists every membership, kpu_coop/admin_deletion.py)."""
        if last_administrator_ids(memberships):
            return False
        facts = GrantFacts(
            request.user,
            user_ids=[membership.user_id for membership in memberships],
            organisation_ids=[membership.organisation_id for membership in memberships],
        )
        return all(
            super(MembershipAdmin, self).has_delete_permission(request, membership)
            and self.may_grant(request, membership, facts)
            for membership in memberships
        )

    def may_grant(self, request, membership, facts=None):
        error = membership_grant_error(
            actor=request.user,
            user=membership.user,
            organisation=membership.organisation,
            role=membership.role,
            previous=membership,
            facts=facts,
        )
        return error is None

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        sync_rights_of([obj.user, *previous_holders([form])])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        user_sync_rights(obj.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        # One transaction: the last-administrator check holds its office until the memberships are gone.
        # Every check reads once for the whole selection (GrantFacts, last_administrator_ids), not per row.
        memberships = list(queryset.select_related("user", "organisation"))
        facts = GrantFacts(
            request.user,
            user_ids=[membership.user_id for membership in memberships],
            organisation_ids=[membership.organisation_id for membership in memberships],
        )
        if not all(self.may_grant(request, membership, facts) for membership in memberships):
            raise PermissionDenied
        removed = {membership.pk for membership in memberships}
        if last_administrator_ids(memberships, removed_with=removed):
            raise PermissionDenied
        # The security log names each deleted row's account and organisation: read once for all of them.
        super().delete_queryset(request, queryset.fetch_mode(FETCH_PEERS))
        sync_rights_of(membership.user for membership in memberships)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Reference data from ``manage.py load_regions``: read here, searched when choosing a region."""

    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
