"""Admin forms for accounts and memberships: what each role may see and grant (rules in agencies.roles)."""

from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from agencies.models import Membership, Organisation, User
from agencies.offices import agency_region_error
from agencies.roles import (
    accounts_removal_error,
    grantable_membership_roles,
    last_administrator_error,
    membership_grant_error,
)


class AccountCreationForm(forms.ModelForm):
    """A new account has no password: its owner sets one from the emailed invitation."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]
        help_texts = {
            "email": _("The set-your-password invitation is sent here as soon as the account is saved.")
        }

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class AccountChangeForm(forms.ModelForm):
    """An account's details; the admin decides per role which fields it offers (UserAdmin.get_fieldsets)."""

    class Meta:
        model = User
        # The admin narrows these per role (UserAdmin.get_fieldsets); the password is never among them.
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        ]

    def clean(self):
        cleaned = super().clean()
        # An inactive account's administrator membership counts for nothing (agencies.roles).
        deactivating = self.initial.get("is_active") and not cleaned.get("is_active", True)
        error = accounts_removal_error([self.instance.pk]) if self.instance.pk and deactivating else None
        if error:
            raise forms.ValidationError(error, code="not_allowed")
        return cleaned


class OrganisationForm(forms.ModelForm):
    """An organisation's record; an agency's region (which office it belongs to) is one the ``actor`` (set per
    request by the admin) keeps: a new agency of another region would be no longer theirs once saved."""

    actor = None

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind", self.instance.kind)
        if self.actor is None or kind == Organisation.Kind.ELECTION_COMMISSION or "region" not in self.fields:
            return cleaned
        if self.instance.pk is None or "region" in self.changed_data:
            error = agency_region_error(self.actor, cleaned.get("region"))
            if error:
                self.add_error("region", error)
        return cleaned


class MembershipForm(forms.ModelForm):
    """A membership the ``actor`` (set per request by the admin) may grant; refuses anything above them."""

    actor = None

    class Meta:
        model = Membership
        fields = ["user", "organisation", "role", "position", "phone", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "role" in self.fields and self.actor is not None:
            allowed = set(grantable_membership_roles(self.actor))
            if self.instance.pk:
                # An existing row keeps its value on screen; changing it is checked in clean().
                allowed.add(self.instance.role)
            self.fields["role"].choices = [
                (value, label) for value, label in Membership.Role.choices if value in allowed
            ]

    def clean(self):
        cleaned = super().clean()
        if self.actor is None or not self.has_changed():
            return cleaned
        previous = Membership.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        user = cleaned.get("user", self.instance.user if self.instance.user_id else None)
        organisation = cleaned.get("organisation", getattr(self.instance, "organisation", None))
        error = membership_grant_error(
            actor=self.actor,
            user=user,
            organisation=organisation,
            role=cleaned.get("role", self.instance.role),
            previous=previous,
        )
        demoted = previous is not None and (
            cleaned.get("role") != "administrator" or not cleaned.get("is_active", True)
        )
        error = error or last_administrator_error(self.instance, removing=demoted)
        if error:
            raise forms.ValidationError(error, code="not_allowed")
        return cleaned


class MembershipFormSet(BaseInlineFormSet):
    """Inline memberships: a row may be deleted only by someone who could have granted it."""

    def clean(self):
        super().clean()
        actor = self.form.actor
        for form in self.deleted_forms:
            membership = form.instance
            if membership.pk is None:
                continue
            error = membership_grant_error(
                actor=actor,
                user=membership.user,
                organisation=membership.organisation,
                role=membership.role,
                previous=membership,
            )
            if error:
                raise forms.ValidationError(error, code="not_allowed")
        # Rows removed together are counted together: each alone would see the others still there.
        removed = self.removed_rows()
        removed_pks = {form.instance.pk for form in removed}
        for form in removed:
            error = last_administrator_error(form.instance, removing=True, removed_with=removed_pks)
            if error:
                raise forms.ValidationError(error, code="not_allowed")

    def removed_rows(self):
        """The stored rows this save deletes, or leaves without an active administrator role."""
        rows = []
        for form in self.forms:
            if form.instance.pk is None:
                continue
            data = getattr(form, "cleaned_data", {})
            role = data.get("role", form.initial.get("role"))
            demoted = form.has_changed() and (role != "administrator" or not data.get("is_active", True))
            if form in self.deleted_forms or demoted:
                rows.append(form)
        return rows
