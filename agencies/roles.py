"""Who someone is at a KPU office, and what each role may do: the one place that decides rights.

Roles, from least to most: liaison (an agency's officer), staff (records agreements, verifies reports, invites
liaisons), administrator (also manages the office's staff accounts) and superuser (runs the installation).
A non-superuser's role follows from their memberships: an active staff or administrator membership in a
KPU office makes them KPU staff; ``user_sync_rights`` keeps ``is_staff`` in step, so nobody edits that flag.

Model permissions for the admin come from the role too (``RolePermissionBackend``), not from groups anyone
could edit. Rights are granted only through ``membership_grant_error``: nobody changes their own rights,
nobody grants a role above their own, and the last administrator cannot be removed.
"""

from collections import defaultdict
from functools import cached_property

from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.offices import (
    STAFF_ROLES,
    administered_office_ids,
    agencies_of,
    agencies_of_offices,
    keeps_records_of,
    offices_editable_by,
    organisations_with_members_read_by,
    staff_office_ids,
)


class Role(models.IntegerChoices):
    NONE = 0, gettext_lazy("No role")
    LIAISON = 1, gettext_lazy("Liaison")
    STAFF = 2, gettext_lazy("KPU staff")
    ADMINISTRATOR = 3, gettext_lazy("KPU administrator")
    SUPERUSER = 4, gettext_lazy("Superuser")


# Membership roles (agencies.models.Membership.Role values) and the role each gives.
MEMBERSHIP_ROLES = {
    "liaison": Role.LIAISON,
    "head": Role.LIAISON,
    "staff": Role.STAFF,
    "administrator": Role.ADMINISTRATOR,
}
# Membership roles that only exist in a KPU office, and the ones that only exist outside it.
OFFICE_MEMBERSHIP_ROLES = frozenset(STAFF_ROLES)

# App labels whose records KPU staff keep in the admin; history stays append-only (no change or delete).
STAFF_APPS = frozenset({"agencies", "agreements"})
# Accounts are deactivated, never deleted: their reports and history keep pointing at them. A focus area is
# shared by every office: deleting it takes it from their agreements too, and its page would list them all.
STAFF_DENIED_PERMISSIONS = frozenset({"agencies.delete_user", "agreements.delete_focusarea"})


def role_of(user):
    """The role ``user`` acts in now."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Role.NONE
    if user.is_superuser:
        return Role.SUPERUSER
    if not user.is_staff:
        return Role.LIAISON
    return Role.ADMINISTRATOR if "administrator" in office_roles(user) else Role.STAFF


def office_roles(user):
    """The user's active KPU-office membership roles; read once per user object (or from a prefetch)."""
    if not hasattr(user, "_office_roles"):
        prefetched = getattr(user, "_prefetched_objects_cache", {}).get("memberships")
        if prefetched is not None:
            roles = [m.role for m in prefetched if m.is_active and m.organisation.is_active]
        else:
            roles = user.memberships.filter(is_active=True, organisation__is_active=True).values_list(
                "role", flat=True
            )
        user._office_roles = frozenset(roles) & OFFICE_MEMBERSHIP_ROLES
    return user._office_roles


def can_verify_reports(user, report=None):
    """KPU staff verify reports; a given report only when its agreement's office is one of theirs (a
    province reads its regencies' reports but does not verify them) and its commitment is not one of an
    agency they are a member of (``reports_of_own_agency``). Nobody verifies their own report either:
    agreements.services_reports checks that when they decide."""
    if not getattr(user, "is_kpu_staff", False):
        return False
    if report is None:
        return True
    return keeps_records_of(user, report.commitment.agreement.office_id) and not reports_of_own_agency(
        user, report
    )


def agencies_acted_for(user):
    """The organisations other than KPU offices that ``user`` is an active member (liaison, head) of, closed
    ones too (else a member could close their agency, verify its reports, and reopen it); one read of their
    memberships, shared with their offices (``agencies.offices.read_memberships``)."""
    staff_office_ids(user)  # reads the memberships, once per user object
    return getattr(user, "_agency_member_ids", frozenset())


def reports_of_own_agency(user, report):
    """Whether ``report`` is on the work of an agency ``user`` is a member of, as a liaison made KPU staff may
    still be: the agency responsible when it was filed, or now (moving the commitment to another party does
    not make its report somebody else's). That work is their own side's, which somebody else verifies."""
    return not agencies_acted_for(user).isdisjoint({report.agency_id, report.commitment.responsible_id})


def can_manage_staff(user):
    """Create and edit staff accounts, force a password reset, remove someone's two-factor device."""
    return role_of(user) >= Role.ADMINISTRATOR


def can_change_email_of(actor, user):
    """The address opens the account (the login page mails a password reset there): once its holder has set a
    password, only an administrator of the account's office changes it, which is logged and told to the old
    address."""
    return (
        not user.has_usable_password()
        or administered_users(actor, type(user).objects.filter(pk=user.pk)).exists()
    )


def staff_has_permission(perm):
    """Whether KPU staff (and administrators) hold the Django model permission ``perm`` ("app.codename")."""
    app_label, _dot, codename = perm.partition(".")
    if app_label not in STAFF_APPS or perm in STAFF_DENIED_PERMISSIONS:
        return False
    action, _underscore, model_name = codename.partition("_")
    return not (model_name.startswith("historical") and action in ("add", "change", "delete"))


class RolePermissionBackend:
    """Grants the admin's model permissions by role; Django's ModelBackend still serves superusers.

    It signs nobody in and has no ``get_user``: logins (and the test client's) go to ModelBackend."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        return getattr(user_obj, "is_kpu_staff", False) and staff_has_permission(perm)

    def has_module_perms(self, user_obj, app_label):
        return getattr(user_obj, "is_kpu_staff", False) and app_label in STAFF_APPS


def manageable_users(actor, users):
    """The accounts in ``users`` whose details and memberships ``actor`` may change (never their own)."""
    role = role_of(actor)
    if role == Role.SUPERUSER:
        return users
    if role < Role.STAFF:
        return users.none()
    users = users.exclude(pk=actor.pk).filter(is_superuser=False)
    if role == Role.STAFF:
        users = users.filter(is_staff=False)
    else:
        users = users.exclude(pk__in=staff_elsewhere(actor).values("user_id"))
    return users.filter(accounts_of(actor))


def administered_users(actor, users):
    """The accounts in ``users`` on which ``actor`` uses an administrator's powers (a forced password reset,
    removing 2FA, changing an address in use): those they manage that belong to the offices they administer,
    not to one where they are only staff."""
    if role_of(actor) == Role.SUPERUSER:
        return users
    administered = administered_office_ids(actor)
    if not administered:
        return users.none()
    return manageable_users(actor, users).filter(accounts_of(actor, offices=administered))


def accounts_of(actor, *, offices=None):
    """A filter on users: the accounts that belong to ``actor``'s offices (or to ``offices``, ids of some of
    them). Those with an active membership in one of the offices or of the agencies they keep
    (``agencies.offices.agencies_of``); those with no active membership anywhere that had one there; and
    those with none ever that a colleague created."""
    from agencies.models import Membership, Organisation

    offices = offices_editable_by(actor) if offices is None else offices
    kept = agencies_of_offices(offices)
    if kept is None:
        return Q()
    ours = Membership.objects.filter(
        Q(organisation__in=offices) | Q(organisation__in=Organisation.objects.filter(kept))
    )
    active = Membership.objects.filter(is_active=True)
    # A past liaison of theirs now active only at another office's agency is that office's to manage.
    inactive = ~Q(pk__in=active.values("user_id"))
    colleagues = active.filter(organisation__in=offices).values("user_id")
    never = ~Q(pk__in=Membership.objects.values("user_id"))
    return (
        Q(pk__in=ours.filter(is_active=True).values("user_id"))
        | (inactive & Q(pk__in=ours.values("user_id")))
        | (never & Q(invited_by__in=colleagues))
    )


def users_named_to(actor, users):
    """The accounts among ``users`` a form may name to ``actor`` (a chosen member or assignee): those they
    manage, the members of the organisations whose members they read, the active members of the parties to
    their offices' agreements (whom a commitment's assignment names), and themselves."""
    from agencies.models import Membership

    if role_of(actor) == Role.SUPERUSER:
        return users
    members = Membership.objects.filter(organisation__in=organisations_with_members_read_by(actor))
    own = offices_editable_by(actor) or ()
    parties = Membership.objects.filter(organisation__agreement_parties__agreement__office__in=own)
    parties = parties.filter(is_active=True)
    managed = manageable_users(actor, users.model.objects.all())
    return users.filter(
        Q(pk=actor.pk)
        | Q(pk__in=managed.values("pk"))
        | Q(pk__in=members.values("user_id"))
        | Q(pk__in=parties.values("user_id"))
    )


def staff_elsewhere(actor):
    """Active staff and administrator memberships in offices ``actor`` does not administer: an administrator
    manages the staff of the offices they administer only (not of one where they are staff themselves)."""
    from agencies.models import Membership

    return Membership.objects.filter(is_active=True, role__in=OFFICE_MEMBERSHIP_ROLES).exclude(
        organisation_id__in=administered_office_ids(actor)
    )


def administers(actor, office_id):
    """Whether ``actor`` holds an administrator's powers in office ``office_id``."""
    return role_of(actor) == Role.SUPERUSER or office_id in administered_office_ids(actor)


def grantable_membership_roles(actor, organisation=None):
    """Membership role values ``actor`` may hand out (in ``organisation``, when given): staff give liaison
    roles only; administrators any role up to their own, in the offices they administer (only an office's
    administrators manage its staff accounts)."""
    role = role_of(actor)
    if role == Role.ADMINISTRATOR and organisation is not None and not administers(actor, organisation.pk):
        role = Role.STAFF
    ceiling = role if role >= Role.ADMINISTRATOR else Role.LIAISON if role == Role.STAFF else Role.NONE
    return [value for value, granted in MEMBERSHIP_ROLES.items() if Role.LIAISON <= granted <= ceiling]


class GrantFacts:
    """What ``membership_grant_error`` reads from the database: which of the accounts ``user_ids`` ``actor``
    manages (``manageable_users``) and which of the organisations ``organisation_ids`` are agencies they keep
    (``agencies.offices.keeps_agency``). Each is read once, when first asked, for all the memberships of a
    page (a deleted organisation's or account's) as for one; an account or organisation not named reads as
    not theirs."""

    def __init__(self, actor, *, user_ids, organisation_ids):
        self.actor = actor
        self.user_ids = {pk for pk in user_ids if pk is not None}
        self.organisation_ids = {pk for pk in organisation_ids if pk is not None}

    @cached_property
    def managed_user_ids(self):
        from agencies.models import User

        users = manageable_users(self.actor, User.objects.filter(pk__in=self.user_ids))
        return frozenset(users.values_list("pk", flat=True))

    @cached_property
    def kept_agency_ids(self):
        """None: every agency (a superuser, or ``SINGLE_OFFICE``)."""
        from agencies.models import Organisation

        kept = agencies_of(self.actor, editable=True)
        if kept is None:
            return None
        agencies = Organisation.objects.filter(kept, pk__in=self.organisation_ids)
        return frozenset(agencies.values_list("pk", flat=True))

    def manages(self, user):
        return user.pk in self.managed_user_ids

    def keeps_agency(self, organisation):
        return self.kept_agency_ids is None or organisation.pk in self.kept_agency_ids


def membership_grant_error(*, actor, user, organisation, role, previous=None, facts=None):
    """Why ``actor`` may not give ``user`` this membership (or change ``previous``); None when allowed.
    ``facts`` (GrantFacts) may hold what it reads, read for several memberships at once."""
    from agencies.models import Organisation

    moved = previous is not None and (previous.user_id, previous.organisation_id) != (
        getattr(user, "pk", None),
        getattr(organisation, "pk", None),
    )
    if moved:
        # Given to another person or organisation, the membership ends where it was: that needs the right to
        # change it there too (else staff hand their own agency membership, or a colleague's, to an account).
        error = membership_grant_error(
            actor=actor, user=previous.user, organisation=previous.organisation, role=previous.role
        )
        if error:
            return error
    if facts is None:
        facts = GrantFacts(
            actor, user_ids=[getattr(user, "pk", None)], organisation_ids=[getattr(organisation, "pk", None)]
        )
    if user is not None and user.pk == actor.pk and role_of(actor) != Role.SUPERUSER:
        return _("Nobody changes their own rights: ask another administrator.")
    if user is not None and user.pk and not facts.manages(user):
        return _("You may not change this person's rights.")
    in_office = organisation is not None and organisation.kind == Organisation.Kind.ELECTION_COMMISSION
    if in_office and not keeps_records_of(actor, organisation.pk):
        return _("You may give roles only in your own office.")
    if role in OFFICE_MEMBERSHIP_ROLES and not in_office:
        return _("Staff and administrator roles exist only in a KPU office.")
    if previous is not None and previous.role not in grantable_membership_roles(actor, previous.organisation):
        return _("You may not change a membership with a role above yours.")
    if role not in grantable_membership_roles(actor, organisation):
        return _("You may not give a role above your own.")
    if in_office and role not in OFFICE_MEMBERSHIP_ROLES:
        # A liaison of the office would read its unpublished agreements, a party to each, without 2FA.
        return _("A KPU office has staff and administrators only: liaisons belong to the agencies.")
    if organisation is not None and not in_office and not facts.keeps_agency(organisation):
        return _("This agency belongs to another KPU office, whose staff manage its liaisons.")
    return None


LAST_ADMINISTRATOR = gettext_lazy("This is the office's last administrator: appoint another one first.")


def last_administrator_error(membership, *, removing, removed_with=()):
    """Refuse to remove or demote the office's last active administrator (nobody could manage staff);
    ``removed_with`` are the pks of memberships removed in the same action."""
    if removing and membership.pk in last_administrator_ids([membership], removed_with=removed_with):
        return str(LAST_ADMINISTRATOR)
    return None


def last_administrator_ids(memberships, *, removed_with=()):
    """The pks of those of ``memberships`` that are their office's last active administrator: removing one
    (with ``removed_with``, pks of memberships removed in the same action) leaves the office none. Three
    queries however many memberships; in a transaction their offices' rows stay locked until it ends."""
    from agencies.models import Membership, Organisation

    pks = [membership.pk for membership in memberships if membership.pk is not None]
    administrators = Membership.objects.filter(role="administrator", is_active=True).order_by()
    stored = dict(administrators.filter(pk__in=pks).values_list("pk", "organisation_id"))
    if not stored:
        return set()
    offices = set(stored.values())
    if connection.in_atomic_block:
        # Two administrators demoting each other at once would each count the other and leave none: the
        # office's row makes the second wait, then count again.
        list(Organisation.objects.select_for_update().filter(pk__in=offices).order_by("pk").values_list("pk"))
    remaining = administrators.filter(organisation_id__in=offices, user__is_active=True).exclude(
        pk__in=removed_with
    )
    by_office = defaultdict(set)
    for pk, office in remaining.values_list("pk", "organisation_id"):
        by_office[office].add(pk)
    return {pk for pk, office in stored.items() if not by_office[office] - {pk}}


def accounts_removal_error(users):
    """Why deactivating or deleting ``users`` (accounts) would leave an office without an active
    administrator; None when it would not. At most four queries however many accounts; each office's row is
    locked until the transaction ends."""
    from agencies.models import Membership

    memberships = Membership.objects.filter(
        user__in=users, user__is_active=True, role="administrator", is_active=True
    ).order_by()
    # Their administrator memberships go together: counted together, each office's others left.
    memberships = list(memberships.only("pk"))
    removed = {membership.pk for membership in memberships}
    if last_administrator_ids(memberships, removed_with=removed):
        return str(LAST_ADMINISTRATOR)
    return None


def members_sync_rights(organisation):
    """After an office is closed or reopened, each member's staff flag follows (``user_sync_rights``)."""
    for membership in organisation.memberships.select_related("user"):
        user_sync_rights(membership.user)


def user_sync_rights(user):
    """Set ``is_staff`` from the user's memberships (superusers keep theirs); returns True if it changed."""
    return bool(users_sync_rights([user]))


def users_sync_rights(users):
    """``user_sync_rights`` for each of ``users``, their memberships read in one query; returns the accounts
    whose flag changed (each saved on its own, so the security log records each)."""
    from agencies.models import Membership

    users = [user for user in {user.pk: user for user in users}.values() if not user.is_superuser]
    if not users:
        return []
    staff = Membership.objects.filter(
        user__in=users, is_active=True, organisation__is_active=True, role__in=OFFICE_MEMBERSHIP_ROLES
    )
    staff_ids = set(staff.values_list("user_id", flat=True))
    changed = []
    for user in users:
        user.__dict__.pop("_office_roles", None)
        if user.is_staff != (user.pk in staff_ids):
            user.is_staff = user.pk in staff_ids
            user.save(update_fields=["is_staff"])
            changed.append(user)
    return changed
