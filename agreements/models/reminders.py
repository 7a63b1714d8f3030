from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderLog(models.Model):
    """One reminder line emailed to one person; its key makes repeated runs send nothing new."""

    class Threshold(models.TextChoices):
        DAYS_30 = "30d", _("Due in 30 days")
        DAYS_7 = "7d", _("Due in 7 days")
        TODAY = "0d", _("Due today")
        OVERDUE = "overdue", _("Overdue (weekly)")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders_received",
    )
    commitment = models.ForeignKey(
        "agreements.Commitment",
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    threshold = models.CharField(_("threshold"), max_length=8, choices=Threshold)
    due_on = models.DateField(_("due on"))
    period = models.DateField(
        _("period"),
        help_text=_("The due date it was about; for overdue reminders, the Monday of the week it was sent."),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "commitment", "threshold", "period"], name="reminder_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.get_threshold_display()}: {self.commitment} → {self.recipient}"
