from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from agencies.models import Membership, Organisation, User
from kpu_coop.admin_conflicts import EditConflictAdminMixin
from kpu_coop.history_admin import HistoryAdmin
from portal.invitations import invite_users


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "position", "phone", "is_active"]


class UserMembershipInline(MembershipInline):
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "position", "phone", "is_active"]


@admin.register(User)
class UserAdmin(EditConflictAdminMixin, DjangoUserAdmin):
    inlines = [UserMembershipInline]
    list_display = ["username", "get_full_name", "email", "organisations", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "memberships__role", "memberships__organisation"]
    actions = [invite_users]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("memberships__organisation")

    @admin.display(description=_("organisations"))
    def organisations(self, user):
        return ", ".join(str(m.organisation) for m in user.memberships.all())


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["short_name", "name", "kind", "region", "parent", "is_active"]
    list_filter = ["kind", "is_active", "region"]
    list_select_related = ["parent"]
    search_fields = ["short_name", "name", "slug", "region"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["kind", "name", "short_name", "slug", "region", "parent", "is_active"]}),
        (_("Contact"), {"fields": ["address", "email", "phone", "website"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "organisation", "role", "position", "is_active"]
    list_filter = ["role", "is_active", "organisation__kind", "organisation"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__short_name"]
    autocomplete_fields = ["user", "organisation"]
