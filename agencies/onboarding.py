"""Onboarding a KPU office: the office, its first administrator (invited by email) and its reference data.

Used by the admin's "Create an office" page and ``manage.py office_create``; ``manage.py load_offices``
creates the offices of every region without administrators. See docs/domain.md, "Onboarding an office".

Reference data kept by higher apps (the elections an office copies from KPU RI's templates, in agreements)
is copied by the steps those apps register here: agencies imports none of them (import-linter's layers).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agencies.accounts import account_invite
from agencies.models import Membership, Organisation, Region, User
from agencies.offices import OfficeLevel
from agencies.roles import user_sync_rights

# Functions called as step(office=...) inside the creating transaction; agreements registers its copy of
# the template elections (agreements.apps).
reference_data_steps = []

NATIONAL_NAME = "Komisi Pemilihan Umum Republik Indonesia"
NATIONAL_SHORT_NAME = "KPU RI"
# Aceh's election commissions are the Komisi Independen Pemilihan (UU 11/2006 on the Government of Aceh).
ACEH_CODE = "11"


def office_level_for(region):
    """The office level that serves ``region`` (None: KPU RI)."""
    if region is None:
        return OfficeLevel.NATIONAL
    return OfficeLevel.PROVINCE if region.level == Region.Level.PROVINCE else OfficeLevel.REGENCY


def office_names(region):
    """(official name, short name) of the office serving ``region``: "Komisi Pemilihan Umum Kabupaten
    Bantul", "KPU Kabupaten Bantul"; "KPU Provinsi Jawa Barat"; "KIP Aceh" in Aceh."""
    if region is None:
        return NATIONAL_NAME, NATIONAL_SHORT_NAME
    # Region names already say "Kabupaten" or "Kota"; Jakarta's "Adm." is not part of the office's name.
    place = region.name.replace("Adm. ", "")
    aceh = region.code.split(".")[0] == ACEH_CODE
    if region.level == Region.Level.PROVINCE:
        place = place if aceh else f"Provinsi {place}"
    full, short = ("Komisi Independen Pemilihan", "KIP") if aceh else ("Komisi Pemilihan Umum", "KPU")
    return f"{full} {place}", f"{short} {place}"[:64]


def office_serving(region):
    """The KPU office already serving ``region`` (KPU RI for None), or None."""
    offices = Organisation.objects.offices().order_by("pk")
    if region is None:
        return offices.filter(office_level=OfficeLevel.NATIONAL).first()
    return offices.filter(region=region).first()


def free_slug(short_name, region):
    slug = slugify(short_name)[:80]
    if Organisation.objects.filter(slug=slug).exists() and region is not None:
        slug = f"{slug[:70]}-{region.code.replace('.', '-')}"
    return slug


def office_errors(*, region, admin_email=None, slug=None):
    """Why an office for ``region`` (with this administrator and slug) cannot be created: {field: message}."""
    errors = {}
    if office_serving(region) is not None:
        errors["region"] = _("%(region)s already has a KPU office.") % {
            "region": region or NATIONAL_SHORT_NAME
        }
    errors.update(email_errors(admin_email))
    if slug and Organisation.objects.filter(slug=slug).exists():
        errors["slug"] = _("Another organisation already has this slug.")
    return errors


def email_errors(admin_email):
    """{"admin_email": why} when an account already uses ``admin_email`` (ignoring case), else {}."""
    if admin_email and User.objects.filter(email__iexact=admin_email).exists():
        return {"admin_email": _("An account with this email address already exists.")}
    return {}


def save_or_refuse(record, refusals):
    """Save ``record`` in a savepoint. A creation running at the same time may commit the same KPU RI, email
    address or slug after our checks read nothing: our insert then waits for it and trips the unique
    constraint, and the errors ``refusals()`` now reads are raised instead of the IntegrityError."""
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # Read committed: this statement sees the row the other transaction committed.
        errors = refusals()
        if not errors:
            raise
        raise ValidationError(errors) from None


def office_add(*, region, parent=None, name="", short_name="", slug=""):
    """Create the KPU office serving ``region`` under ``parent`` (by default the office above the region's:
    its province's, or KPU RI); names and slug default to the official ones. Raises ValidationError."""
    default_name, default_short_name = office_names(region)
    short_name = short_name or default_short_name
    if parent is None and region is not None:
        parent = office_serving(region.parent if region.parent_id else None)
    office = Organisation(
        kind=Organisation.Kind.ELECTION_COMMISSION,
        office_level=office_level_for(region),
        region=region,
        parent=parent,
        name=name or default_name,
        short_name=short_name,
        slug=slug or free_slug(short_name, region),
    )
    office.full_clean()
    save_or_refuse(office, lambda: office_errors(region=region, slug=office.slug))
    return office


@transaction.atomic
def office_create(*, region, admin_email, base_url, parent=None, name="", short_name="", slug=""):
    """Create the KPU office serving ``region``, its first administrator and its reference data; email the
    administrator a one-time set-password link once the transaction commits. Returns the office.

    Raises ValidationError (by field: region, admin_email, slug, parent...) and creates nothing when the
    region already has an office, the email address is taken, or the office does not fit the hierarchy.
    """
    if region is not None:
        # Held until this commits: a second request for the region (a double click, another superuser)
        # waits here, then finds this office. KPU RI has no region row: a constraint keeps it single.
        Region.objects.select_for_update().filter(pk=region.pk).first()
    errors = office_errors(region=region, admin_email=admin_email, slug=slug)
    if errors:
        raise ValidationError(errors)
    office = office_add(region=region, parent=parent, name=name, short_name=short_name, slug=slug)
    administrator = User(username=admin_email.lower()[:150], email=admin_email)
    administrator.set_unusable_password()
    administrator.full_clean(exclude=["password"])
    save_or_refuse(administrator, lambda: email_errors(admin_email))
    Membership.objects.create(user=administrator, organisation=office, role=Membership.Role.ADMINISTRATOR)
    user_sync_rights(administrator)
    for step in reference_data_steps:
        step(office=office)
    invite = {"user": administrator, "base_url": base_url, "template": "office_invitation", "office": office}
    transaction.on_commit(lambda: account_invite(**invite), robust=True)
    return office
