"""KPU offices as one hierarchy, and which offices a person may read and change: the one place for scope.

KPU RI (national) is above 38 provincial offices, each above its regencies' and cities' offices. An office
records its level and region (none for KPU RI); ``Organisation.parent`` links it to the office above.
Staff and administrators read their own offices and every office below them (a province oversees its
regencies, KPU RI everything) and change only their own offices' records; a superuser runs the installation.
Records that belong to an office (agreements, and through them commitments, reports and evidence) are scoped
by ``offices_visible_to`` and ``offices_editable_by``; see docs/domain.md, "Offices".
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The membership roles that make someone staff of an office (agencies.roles builds on them too).
STAFF_ROLES = ("staff", "administrator")


class OfficeLevel(models.TextChoices):
    NATIONAL = "national", _("National (KPU RI)")
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency or city")


# The region level that goes with each office level (a city's office is at the regency level).
REGION_LEVELS = {OfficeLevel.PROVINCE: {"province"}, OfficeLevel.REGENCY: {"regency", "city"}}


def office_hierarchy_check(office):
    """Raise ValidationError when ``office`` (a KPU office) does not fit its level, region and parent."""
    level = office.office_level
    if not level:
        raise ValidationError(
            {"office_level": _("Say whether this KPU office is national, provincial or local.")}
        )
    if level == OfficeLevel.NATIONAL and office.region_id:
        raise ValidationError({"region": _("KPU RI serves no single region: leave the region empty.")})
    if office.region_id and office.region.level not in REGION_LEVELS[level]:
        raise ValidationError({"region": _("The region does not match the office's level.")})
    parent = office.parent
    if parent is None:
        return
    if not parent.is_office:
        raise ValidationError({"parent": _("A KPU office is part of another KPU office only.")})
    if parent.pk is not None and parent.pk == office.pk:
        raise ValidationError({"parent": _("An office cannot be part of itself.")})
    if level == OfficeLevel.NATIONAL:
        raise ValidationError({"parent": _("KPU RI is part of no other office.")})
    if level == OfficeLevel.PROVINCE and parent.office_level != OfficeLevel.NATIONAL:
        raise ValidationError({"parent": _("A provincial office is part of KPU RI.")})
    if level == OfficeLevel.REGENCY and parent.office_level != OfficeLevel.PROVINCE:
        raise ValidationError({"parent": _("A regency or city office is part of its province's office.")})
    if level == OfficeLevel.REGENCY and office.region_id and parent.region_id != office.region.parent_id:
        raise ValidationError({"parent": _("A regency or city office is part of its province's office.")})


def read_memberships(user):
    """Read ``user``'s active memberships, once per user object (a request's): the active organisations they
    act for (``User.organisation_ids``), the KPU offices they are staff and administrator of, and every
    agency they are a member of, closed ones too (``agencies.roles.agencies_acted_for``)."""
    # Unordered: the default order (organisation, then user name) would join and sort for a set of ids.
    rows = list(
        user.memberships.filter(is_active=True)
        .order_by()
        .values_list("organisation_id", "role", "organisation__kind", "organisation__is_active")
    )
    office = "election_commission"
    user._agency_member_ids = frozenset(pk for pk, _role, kind, _open in rows if kind != office)
    rows = [(pk, role, kind) for pk, role, kind, is_open in rows if is_open]
    user._organisation_ids = frozenset(pk for pk, _role, _kind in rows)
    user._staff_office_ids = frozenset(
        pk for pk, role, kind in rows if role in STAFF_ROLES and kind == office
    )
    user._administered_office_ids = frozenset(
        pk for pk, role, kind in rows if role == "administrator" and kind == office
    )


def staff_office_ids(user):
    """The offices ``user`` is active staff or administrator of; cached per user object."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return frozenset()
    if not hasattr(user, "_staff_office_ids"):
        read_memberships(user)
    return user._staff_office_ids


def administered_office_ids(user):
    """The offices ``user`` is an active administrator of: an administrator's powers (staff accounts, roles
    in the office) hold there only, not in an office where they are staff; cached per user object."""
    if not staff_office_ids(user):
        return frozenset()
    return user._administered_office_ids


def runs_installation(user):
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def offices_visible_to(user):
    """Ids of the offices whose records ``user`` may read: their own and every office below; None means all
    (a superuser, or KPU RI's staff while every office is below KPU RI). One query (the office tree)."""
    if runs_installation(user):
        return None
    own = staff_office_ids(user)
    if not own:
        return frozenset()
    if not hasattr(user, "_visible_office_ids"):
        tree = office_tree_of(user)
        below = tree.below(own)
        # No condition rather than an IN over all 553 offices: counting KPU RI's 200,000 reports through
        # their commitments' agreements took 120 ms with it.
        user._visible_office_ids = None if below == tree.parents.keys() else below
    return user._visible_office_ids


class OfficeTree:
    """Every KPU office's parent and level, read in one query (at most 553 rows: the hierarchy is KPU RI,
    38 provinces and 514 regencies and cities). The scopes below are worked out from it in Python: ORs over
    the offices joined with themselves cost more to compile and plan than to read the whole tree."""

    def __init__(self):
        from agencies.models import Organisation

        rows = Organisation.objects.offices().order_by().values_list("pk", "parent_id", "office_level")
        self.parents = {pk: parent for pk, parent, _level in rows}
        self.national = frozenset(pk for pk, _parent, level in rows if level == OfficeLevel.NATIONAL)

    def below(self, own):
        """``own`` and every office under them, two levels down."""
        parents = self.parents
        return frozenset(
            pk for pk, parent in parents.items() if pk in own or parent in own or parents.get(parent) in own
        )

    def above(self, own):
        """The parents and grandparents of ``own``."""
        parents = {self.parents.get(pk) for pk in own}
        return frozenset(({self.parents.get(pk) for pk in parents} | parents) & self.parents.keys())


def office_tree_of(user):
    """The office tree, read once per user object (a request's)."""
    if not hasattr(user, "_office_tree"):
        user._office_tree = OfficeTree()
    return user._office_tree


def offices_editable_by(user):
    """Ids of the offices whose records ``user`` may change: their own; None means all (a superuser)."""
    if runs_installation(user):
        return None
    return staff_office_ids(user)


def agencies_of(user, *, editable):
    """A filter on organisations: the agencies and governments whose liaisons ``user`` manages (``editable``)
    or reads, and whose records they edit; None means all (a superuser, or ``SINGLE_OFFICE``).

    An agency belongs to the offices of its region (``Organisation.region``): a regency's agencies to the
    regency's office, a province's own bodies to the provincial office, which reads its regencies' too. One
    with no region (a national body) belongs to the offices with no region (KPU RI; a training office) that
    have an agreement with it. Being made a party to an agreement gives no office with a region an agency:
    else any office could take over another's liaisons that way."""
    return agencies_of_offices(offices_editable_by(user) if editable else offices_visible_to(user))


def agencies_of_offices(offices):
    """``agencies_of`` for the offices ``offices`` (ids; None means all)."""
    from agencies.models import Organisation

    if offices is None or settings.SINGLE_OFFICE:
        return None
    regions = Organisation.objects.filter(pk__in=offices).exclude(region=None).values("region_id")
    # One filter(): the party's agreement is both one of these offices' and one of an office with no region.
    parties = Organisation.objects.filter(
        agreement_parties__agreement__office__in=offices, agreement_parties__agreement__office__region=None
    ).values("pk")
    return ~Q(kind=Organisation.Kind.ELECTION_COMMISSION) & (
        Q(region__in=regions) | Q(region=None, pk__in=parties)
    )


def keeps_agency(user, organisation):
    """Whether ``user`` manages the liaisons and the record of ``organisation`` (an agency or government)."""
    from agencies.models import Organisation

    kept = agencies_of(user, editable=True)
    return kept is None or Organisation.objects.filter(kept, pk=organisation.pk).exists()


def agency_region_error(user, region):
    """Why ``user`` may not give an agency ``region`` (a sentence), or None: it would belong to no office of
    theirs (``agencies_of``), so they could neither manage its liaisons nor change it again."""
    from agencies.models import Organisation

    offices = offices_editable_by(user)
    if offices is None or settings.SINGLE_OFFICE:
        return None
    regions = set(Organisation.objects.filter(pk__in=offices).values_list("region_id", flat=True))
    if (region.pk if region else None) in regions:
        return None
    return _(
        "Give the agency your office's region: an agency belongs to the KPU office of its region, and one "
        "with no region to KPU RI. Only a superuser moves an agency to another office."
    )


def organisations_with_members_read_by(user):
    """The organisations whose memberships (people, positions, phone numbers) ``user`` reads: the KPU offices
    they read and the agencies of theirs (``agencies_of``)."""
    from agencies.models import Organisation

    organisations = Organisation.objects.all()
    offices, agencies = offices_visible_to(user), agencies_of(user, editable=False)
    if offices is None and agencies is None:
        return organisations
    office = Organisation.Kind.ELECTION_COMMISSION
    of_offices = Q(kind=office) if offices is None else Q(kind=office, pk__in=offices)
    return organisations.filter(of_offices | (~Q(kind=office) if agencies is None else agencies))


def organisations_kept_by(user):
    """A filter on organisations: the offices ``user`` changes the records of and the agencies of theirs
    (``agencies_of``), which a form lists for them to choose from; None means all. Another office's agency
    may still be chosen where a field takes it (a party from another region), by name, not from a list."""
    from agencies.models import Organisation

    offices, agencies = offices_editable_by(user), agencies_of(user, editable=True)
    if offices is None and agencies is None:
        return None
    office = Organisation.Kind.ELECTION_COMMISSION
    of_offices = Q(kind=office) if offices is None else Q(kind=office, pk__in=offices)
    return of_offices | (~Q(kind=office) if agencies is None else agencies)


def reads_members_of(user, organisation_id):
    """Whether ``user`` reads the members of organisation ``organisation_id`` (see above)."""
    return organisations_with_members_read_by(user).filter(pk=organisation_id).exists()


def keeps_records_of(user, office_id):
    """Whether ``user`` may change the records of office ``office_id`` (and verify its reports)."""
    editable = offices_editable_by(user)
    return editable is None or office_id in editable


def staff_scope(queryset, user, field="office", *, editable=False):
    """``queryset`` cut to the records ``user`` reads (or changes) as staff: all for a superuser, none for
    anyone who is not KPU staff."""
    if runs_installation(user):
        return queryset
    if not getattr(user, "is_kpu_staff", False):
        return queryset.none()
    return queryset.filter(office_filter(user, field, editable=editable))


def office_filter(user, field="office", *, editable=False):
    """A Q object limiting a queryset to the user's visible (or editable) offices through ``field``."""
    ids = offices_editable_by(user) if editable else offices_visible_to(user)
    if ids is None:
        return Q()
    return Q(**{f"{field}__in": ids})


def outside_offices_or(user, office_field, kind_field):
    """A filter keeping records that are not about a KPU office, or about an office ``user`` reads."""
    ids = offices_visible_to(user)
    if ids is None:
        return Q()
    return ~Q(**{kind_field: "election_commission"}) | Q(**{f"{office_field}__in": ids})


def reads_organisation(user, organisation):
    """``outside_offices_or`` for one organisation at hand (a history page's, live or deleted): any agency or
    government, and the KPU offices ``user`` reads."""
    ids = offices_visible_to(user)
    return ids is None or organisation.kind != "election_commission" or organisation.pk in ids


def election_offices_usable_from(*office_ids, tree=None):
    """Ids of the offices whose election stages an agreement of ``office_ids`` may follow: those offices, the
    offices above them (province, KPU RI) and KPU RI in any case (an office not yet linked to its province
    still runs the national election). One query (the office tree), none when given one."""
    tree = tree or OfficeTree()
    own = frozenset(office_ids) & tree.parents.keys()
    return own | tree.above(own) | tree.national


def election_offices_usable_by(user):
    """Ids of the offices whose election stages ``user``'s agreements may follow (see above); None means all
    (a superuser)."""
    own = offices_editable_by(user)
    return None if own is None else election_offices_usable_from(*own, tree=office_tree_of(user))


def election_offices_visible_to(user):
    """Ids of the offices whose elections ``user`` reads; None means all (a superuser).

    Everyone reads KPU RI's elections; staff also read those of the offices they read (their own and below)
    and of the offices above theirs, whose stages their agreements' deadlines may follow. One query (the
    office tree, shared with ``offices_visible_to``).
    """
    if runs_installation(user):
        return None
    if user is None:
        return OfficeTree().national
    if not hasattr(user, "_election_office_ids"):
        own, tree = staff_office_ids(user), office_tree_of(user)
        user._election_office_ids = tree.national | tree.below(own) | tree.above(own)
    return user._election_office_ids


def election_office_filter(user, field="office"):
    """A Q object limiting a queryset to the elections ``user`` reads, through ``field`` (their office)."""
    ids = election_offices_visible_to(user)
    if ids is None:
        return Q()
    return Q(**{f"{field}__in": ids})
