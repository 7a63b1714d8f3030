from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.offices import (
    OfficeLevel,
    election_office_filter,
    election_offices_usable_by,
    election_offices_usable_from,
    office_filter,
    runs_installation,
)
from agreements.models.translated import in_active_language
from agreements.planning_years import within_planning_years


class ElectionQuerySet(models.QuerySet):
    """Elections by office (docs/domain.md, "Elections per office"); ``path`` leads to the election."""

    path = ""

    def _field(self, name):
        return f"{self.path}{name}"

    def visible_to(self, user):
        """Everyone reads the national elections; staff also those of their offices, the offices below and
        the offices above (whose stages their deadlines may follow)."""
        return self.filter(election_office_filter(user, self._field("office")))

    def editable_by(self, user):
        """Only staff of the organising office change an election or move its stages."""
        if runs_installation(user):
            return self
        if not getattr(user, "is_kpu_staff", False):
            return self.none()
        return self.filter(office_filter(user, self._field("office"), editable=True))

    def usable_by_office(self, office_id):
        """Those an agreement of office ``office_id`` may tie deadlines to: its own, above it, KPU RI's."""
        return self.filter(**{self._field("office__in"): election_offices_usable_from(office_id)})

    def usable_by(self, user):
        """Those ``user`` may tie new work to: usable by one of the offices whose records they change."""
        ids = election_offices_usable_by(user)
        if ids is None:
            return self
        return self.filter(**{self._field("office__in"): ids})

    def usable_on_site_of(self, office):
        """``usable_by_office`` for an office at hand, without a query: its own elections, its parent's and
        KPU RI's (the office above a province's is KPU RI, ``office_hierarchy_check``)."""
        own = [pk for pk in (office.pk, office.parent_id) if pk is not None]
        return self.filter(
            models.Q(**{self._field("office__in"): own})
            | models.Q(**{self._field("office__office_level"): OfficeLevel.NATIONAL})
        )

    def national(self):
        """KPU RI's elections (the Pemilu), which the national public site lists."""
        return self.filter(**{self._field("office__office_level"): OfficeLevel.NATIONAL})

    def templates_for(self, office_level):
        """National elections to copy into every new office of ``office_level`` (agencies.onboarding)."""
        return self.filter(
            **{self._field("template_for"): office_level, self._field("office__office_level"): "national"}
        )


class ElectionStageQuerySet(ElectionQuerySet):
    path = "election__"


class Election(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", _("General election (Pemilu)")
        REGIONAL = "regional", _("Regional head election (Pilkada)")
        OTHER = "other", _("Other")

    office = models.ForeignKey(
        "agencies.Organisation",
        verbose_name=_("organising KPU office"),
        on_delete=models.PROTECT,
        related_name="elections",
        limit_choices_to={"kind": "election_commission"},
        help_text=_(
            "KPU RI for the national election, a provincial office for a governor's election, a regency or "
            "city office for a regent's or mayor's: only its staff change the election and move its stages."
        ),
    )
    name = models.CharField(_("name (Indonesian)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.GENERAL)
    voting_day = models.DateField(_("voting day"), null=True, blank=True, validators=[within_planning_years])
    legal_basis = models.CharField(
        _("legal basis"), max_length=255, blank=True, help_text=_("The regulation setting the stages.")
    )
    template_for = models.CharField(
        _("template for new offices"),
        max_length=16,
        choices=[
            (OfficeLevel.PROVINCE, OfficeLevel.PROVINCE.label),
            (OfficeLevel.REGENCY, OfficeLevel.REGENCY.label),
        ],
        blank=True,
        help_text=_(
            "For a national election only: each new office of this level gets its own copy, with the same "
            "stages and dates (e.g. a simultaneous Pilkada)."
        ),
    )
    history = HistoricalRecords()

    objects = ElectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["voting_day", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="election_name_unique_in_office")
        ]

    def __str__(self):
        return self.display_name

    def clean(self):
        if self.template_for and self.office_id and self.office.office_level != OfficeLevel.NATIONAL:
            raise ValidationError(
                {"template_for": _("Only KPU RI's elections are templates for new offices.")}
            )

    @property
    def display_name(self):
        return in_active_language(self.name, self.name_en)

    @property
    def name_with_office(self):
        """The name in a list that may hold several offices' elections: a regional office's election also
        names its office, since several hold a "Pilkada 2024" (each office's copy of KPU RI's template keeps
        its name). Read with ``select_related("office")`` where many are listed."""
        if settings.SINGLE_OFFICE or self.office.office_level == OfficeLevel.NATIONAL:
            return self.display_name
        return _("%(election)s (%(office)s)") % {"election": self.display_name, "office": self.office}


# The fields a commitment's stage-tied due date is computed from.
DATE_FIELDS = {"start_date", "end_date"}


class ElectionStage(models.Model):
    """A stage (tahapan) of an election; commitments may be due relative to it."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="stages"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    start_date = models.DateField(
        _("start"),
        null=True,
        blank=True,
        validators=[within_planning_years],
        help_text=_("Leave empty when the regulation gives only an end."),
    )
    end_date = models.DateField(_("end"), validators=[within_planning_years])
    history = HistoricalRecords()

    objects = ElectionStageQuerySet.as_manager()

    class Meta:
        verbose_name = _("election stage")
        verbose_name_plural = _("election stages")
        ordering = ["election", "order", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["election", "name"], name="stage_name_unique_in_election")
        ]

    def __str__(self):
        # Its election named as in a list of several offices' (read with select_related("election__office")).
        return f"{self.election.name_with_office}: {self.display_name}"

    def save(self, *args, **kwargs):
        # Imported here: the service module imports the models package, this one among them.
        from agreements.stage_moves import acting_user, stage_commitments_redate, stage_tranches_redate

        update_fields = kwargs.get("update_fields")
        dates_saved = update_fields is None or not DATE_FIELDS.isdisjoint(update_fields)
        moves = dates_saved and not self._state.adding
        # Stage-tied due dates are stored for fast filtering: they follow the stage in the same transaction.
        with transaction.atomic():
            super().save(*args, **kwargs)
            if moves:
                stage_commitments_redate(stage=self, user=acting_user(self))
                stage_tranches_redate(stage=self, user=acting_user(self))

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A stage cannot end before it starts.")})

    @property
    def display_name(self):
        return in_active_language(self.name, self.name_en)
