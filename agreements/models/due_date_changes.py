from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def acting_user(instance):
    """Who changes ``instance``: the user a service named, else the request's logged-in user (the same choice
    django-simple-history makes for the instance's own history row)."""
    named = getattr(instance, "_history_user", None)
    if named is not None:
        return named
    user = getattr(getattr(HistoricalRecords.context, "request", None), "user", None)
    return user if user is not None and user.is_authenticated else None


class DueDateChange(models.Model):
    """One move of a commitment's due date and why: a public fact, never edited (docs/domain.md,
    "Timeliness")."""

    class Reason(models.TextChoices):
        STAGE_MOVE = "stage_move", _("Election stage moved")
        ADDENDUM = "addendum", _("Addendum")
        FORCE_MAJEURE = "force_majeure", _("Force majeure")
        CORRECTION = "correction", _("Correction")

    class Explanation(models.TextChoices):
        """What the system says about a move it made, composed from ``explanation_values`` when shown."""

        STAGE_MOVE = "stage_move", _("Election stage moved")
        FORCE_MAJEURE = "force_majeure", _("Force majeure ended")
        ADDENDUM = "addendum", _("Addendum")

    commitment = models.ForeignKey(
        "agreements.Commitment",
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="due_date_changes",
    )
    old_due_on = models.DateField(_("old due date"), null=True, blank=True)
    new_due_on = models.DateField(_("new due date"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason)
    # Only what a person typed: the system's own words are composed in the reader's language (explained_note).
    note = models.CharField(_("note"), max_length=300, blank=True)
    explanation = models.CharField(_("explanation"), max_length=16, choices=Explanation, blank=True)
    explanation_values = models.JSONField(
        _("explanation values"),
        default=dict,
        blank=True,
        help_text=_("The facts the explanation names, as they were at the move; dates as YYYY-MM-DD."),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("due date change")
        verbose_name_plural = _("due date changes")
        ordering = ["commitment", "changed_at", "pk"]
        indexes = [
            # The public feed of moved deadlines reads the newest first (public.feeds).
            models.Index(fields=["changed_at"]),
        ]

    def __str__(self):
        # The admin titles each row of a commitment's due date changes with it: dates as the pages write them.
        old, new = (
            date_format(day) if day else gettext("no due date") for day in (self.old_due_on, self.new_due_on)
        )
        return f"{old} → {new}"

    @classmethod
    def record(cls, commitment, *, old_due_on):
        """Record that ``commitment``'s due date moved from ``old_due_on`` to its current one.

        The reason, note and explanation are what the caller set on the commitment (``due_change_reason``,
        ``due_change_note``, ``due_change_explanation``, ``due_change_explanation_values``); without them
        the move is a correction.
        """
        return cls.objects.create(
            commitment=commitment,
            old_due_on=old_due_on,
            new_due_on=commitment.due_on,
            reason=getattr(commitment, "due_change_reason", None) or cls.Reason.CORRECTION,
            note=(getattr(commitment, "due_change_note", "") or "")[:300],
            explanation=getattr(commitment, "due_change_explanation", "") or "",
            explanation_values=getattr(commitment, "due_change_explanation_values", None) or {},
            changed_by=acting_user(commitment),
        )

    @property
    def explained_note(self):
        """The system's explanation of the move in the active language, then the note a person typed.

        Rows recorded before explanations were stored have the system's words in ``note``, as written then.
        """
        return "; ".join(part for part in (self.explanation_text(), self.note) if part)

    def explanation_text(self):
        """The explanation alone, in the active language ("" when the system gave none)."""
        values = self.explanation_values or {}
        compose = EXPLANATIONS.get(self.explanation)
        text = compose(values) if compose else ""
        if values.get("released_stage"):
            # A stage-tied deadline given a fixed date: its stage would otherwise pull it back.
            text += gettext("; no longer tied to the stage “%(stage)s”: now a fixed date") % {
                "stage": values["released_stage"]
            }
        return text


def stage_move_text(values):
    """A stage move, naming the stage (``values["stage"]``)."""
    return gettext("Stage “%(stage)s” moved: due date follows") % {"stage": values.get("stage", "")}


def force_majeure_text(values):
    """The end of a force majeure event: its reason, first and last day, and the extension (its record number,
    stored too, means nothing to a reader of the public page)."""
    days = values.get("days", 0)
    return ngettext(
        "Force majeure “%(reason)s” (%(start)s – %(end)s): extended by %(days)d day",
        "Force majeure “%(reason)s” (%(start)s – %(end)s): extended by %(days)d days",
        days,
    ) % {
        "reason": values.get("reason", ""),  # force_majeure_values stored it on one line, cut to 80
        "start": iso_date_text(values.get("starts_on")),
        "end": iso_date_text(values.get("ends_on")),
        "days": days,
    }


def addendum_text(values):
    """An addendum, by its title (its record number, stored too, means nothing to a reader of the public
    page)."""
    return gettext("Addendum “%(title)s”") % {"title": values.get("title", "")}


def iso_date_text(value):
    """A date stored as YYYY-MM-DD, written as the active language writes dates."""
    return date_format(date.fromisoformat(value)) if value else ""


EXPLANATIONS = {
    DueDateChange.Explanation.STAGE_MOVE: stage_move_text,
    DueDateChange.Explanation.FORCE_MAJEURE: force_majeure_text,
    DueDateChange.Explanation.ADDENDUM: addendum_text,
}
