from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import get_resolver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.offices import OfficeLevel, office_hierarchy_check, read_memberships
from agencies.web_addresses import WebAddressField

EMAIL_TAKEN = "email_taken"


class User(AbstractUser):
    """A person who logs in: KPU staff (``is_staff``) or an agency's liaison (via Membership)."""

    # Until an account has a membership, it is managed by the office of whoever created it (agencies.roles).
    invited_by = models.ForeignKey(
        "self",
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # One account per mailbox, whatever its capitals: its set-password and reset links open one
            # account, and two creations at once (an office's first administrator) cannot both pass.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ignoring_case",
                violation_error_message=_("An account with this email address already exists."),
                violation_error_code=EMAIL_TAKEN,
            )
        ]

    def validate_constraints(self, exclude=None):
        # The rule reads Lower("email"), which Django ties to no field: its error goes on the email field,
        # beside the address typed (a form without that field excludes it, and the rule is not checked).
        try:
            super().validate_constraints(exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            general = errors.pop(NON_FIELD_ERRORS, [])
            errors.setdefault("email", []).extend(e for e in general if e.code == EMAIL_TAKEN)
            errors[NON_FIELD_ERRORS] = [e for e in general if e.code != EMAIL_TAKEN]
            raise ValidationError({field: found for field, found in errors.items() if found}) from None

    @property
    def display_name(self):
        """How pages and emails address a person: the full name, or the username when none is recorded."""
        return self.get_full_name() or self.get_username()

    @property
    def is_kpu_staff(self):
        """Staff or administrator of a KPU office, or a superuser: ``is_staff`` follows the memberships
        (agencies.roles.user_sync_rights), so this needs no query."""
        return self.is_active and self.is_staff

    def organisation_ids(self):
        """Ids of the organisations this user acts for; cached per user object."""
        if not hasattr(self, "_organisation_ids"):
            read_memberships(self)
        return self._organisation_ids


class Region(models.Model):
    """A province, regency or city by its Kemendagri region code (kode wilayah), e.g. 34 or 34.02.

    Loaded from agencies/data/regions.csv (``manage.py load_regions``); docs/domain.md cites the source.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        REGENCY = "regency", _("Regency")
        CITY = "city", _("City")

    code = models.CharField(_("region code"), max_length=13, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=Level)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return self.name


def site_path_segments():
    """The first segments of the site's own addresses (admin, agreements, data, en, static, …), read from the
    URLconf itself so that a new top-level path is reserved the day it is added; an office's public site
    lives at /<its slug>/ beside them (public.sites)."""
    segments = {code for code, _name in settings.LANGUAGES} | {settings.STATIC_URL.strip("/").split("/")[0]}

    def walk(patterns):
        for pattern in patterns:
            first = str(pattern.pattern).lstrip("^").split("/")[0].rstrip("$")
            if "<" in first or "(" in first:
                continue  # a captured segment, such as the offices' own <slug:office>/
            if first:
                segments.add(first)
            elif hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)

    walk(get_resolver().url_patterns)
    return segments


def office_slug_check(office):
    if office.slug in site_path_segments():
        raise ValidationError(
            {
                "slug": _(
                    "“%(slug)s” is already one of the site's own addresses (/%(slug)s/), so it cannot be the "
                    "address of this office's public site: choose another slug, such as kpu-%(slug)s."
                )
                % {"slug": office.slug}
            }
        )


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def agencies(self):
        return self.filter(kind=Organisation.Kind.AGENCY)

    def offices(self):
        """KPU offices: the election commission at national, provincial and regency/city level."""
        return self.filter(kind=Organisation.Kind.ELECTION_COMMISSION)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ELECTION_COMMISSION = "election_commission", _("Election commission office (KPU)")
        REGIONAL_GOVERNMENT = "regional_government", _("Regional government")
        AGENCY = "agency", _("Regional agency (OPD)")
        OTHER = "other", _("Other organisation")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind, default=Kind.AGENCY)
    name = models.CharField(_("official name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("The province, regency or city it serves; empty for a national body such as KPU RI."),
    )
    office_level = models.CharField(
        _("office level"),
        max_length=16,
        choices=OfficeLevel,
        blank=True,
        help_text=_("For a KPU office only: national (KPU RI), province, or regency/city."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_(
            "For an agency: the regional government it belongs to. For a KPU office: the office above it "
            "(a regency's province, a province's KPU RI)."
        ),
    )
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = WebAddressField(_("website"), blank=True)
    # Who signs the office's reports (the monev report's signature block): data, since chairs change.
    head_name = models.CharField(_("head's name"), max_length=160, blank=True)
    head_position = models.CharField(
        _("head's position"),
        max_length=200,
        blank=True,
        help_text=_("For a KPU office, e.g. Ketua KPU Kabupaten."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["short_name"]
        # Lists in name order stop after the first page (the listing's party choices read at most 151).
        indexes = [models.Index(fields=["short_name"], name="organisation_short_name_idx")]
        constraints = [
            # One KPU RI: it has no region row that creating it could lock (agencies.onboarding), so two
            # creations at once would both pass any check that reads first.
            models.UniqueConstraint(
                fields=["office_level"],
                condition=models.Q(kind="election_commission", office_level=OfficeLevel.NATIONAL),
                name="organisation_one_national_office",
                violation_error_message=_("KPU RI already exists: an installation has one national office."),
            ),
            # One KPU office per region, by any path: "Create an office" locks the region before it checks,
            # the organisation form and load_offices do not. The "unique" code puts the error on the region.
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(kind="election_commission"),
                name="organisation_one_office_per_region",
                violation_error_code="unique",
                violation_error_message=_("This region already has a KPU office."),
            ),
        ]

    def __str__(self):
        return self.short_name

    def clean(self):
        if self.kind == self.Kind.ELECTION_COMMISSION:
            office_hierarchy_check(self)
            office_slug_check(self)

    @property
    def is_office(self):
        return self.kind == self.Kind.ELECTION_COMMISSION


class Membership(models.Model):
    class Role(models.TextChoices):
        LIAISON = "liaison", _("Liaison officer")
        HEAD = "head", _("Head")
        STAFF = "staff", _("Staff")
        ADMINISTRATOR = "administrator", _("Administrator")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.LIAISON)
    position = models.CharField(
        _("position"), max_length=160, blank=True, help_text=_("Job title in the organisation.")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__short_name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_per_user_and_organisation"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"
