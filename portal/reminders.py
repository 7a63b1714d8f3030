"""Deadline reminders: one Indonesian digest per liaison, each line sent once (see ReminderLog)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencies.models import Membership
from agreements.deadlines import REMINDER_DAYS
from agreements.models import Agreement, Commitment, ReminderLog
from agreements.models.commitments import due_within_q, overdue_q

Threshold = ReminderLog.Threshold
# (days before the due date, threshold), nearest first: a commitment gets the nearest one it has reached.
THRESHOLDS = list(zip(REMINDER_DAYS, [Threshold.TODAY, Threshold.DAYS_7, Threshold.DAYS_30], strict=True))
GROUP_ORDER = [Threshold.OVERDUE, Threshold.TODAY, Threshold.DAYS_7, Threshold.DAYS_30]


@dataclass(frozen=True)
class Reminder:
    recipient: object
    commitment: Commitment
    threshold: str
    period: date


def threshold_for(days_left, today):
    """The (threshold, period) a commitment due in ``days_left`` days has reached, or None."""
    if days_left < 0:
        # Overdue lines repeat weekly: the week's Monday makes the log's key.
        return Threshold.OVERDUE, today - timedelta(days=today.weekday())
    for limit, threshold in THRESHOLDS:
        if days_left <= limit:
            return threshold, None
    return None


def recipients_of(commitment):
    """Its assigned liaisons who still act for the responsible organisation; else all of its liaisons."""
    members = {membership.user_id: membership for membership in commitment.responsible.active_members}
    assigned = [user for user in commitment.assignees.all() if user.pk in members]
    if assigned:
        return assigned
    return [m.user for m in members.values() if m.role == Membership.Role.LIAISON]


def pending_reminders(*, today):
    """Every reminder that has come due and was not sent yet, to people with an email address."""
    members = Membership.objects.filter(
        is_active=True, user__is_active=True, organisation__is_active=True
    ).select_related("user")
    commitments = (
        Commitment.objects.filter(overdue_q(today) | due_within_q(THRESHOLDS[-1][0], today))
        .exclude(agreement__state__in=[Agreement.Status.DRAFT, Agreement.Status.TERMINATED])
        .select_related("agreement", "responsible", "due_stage__election__office")
        .prefetch_related(
            Prefetch("responsible__memberships", queryset=members, to_attr="active_members"),
            "assignees",
        )
        .order_by("due_on", "pk")
    )
    candidates = []
    for commitment in commitments:
        reached = threshold_for((commitment.due_on - today).days, today)
        if reached is None:
            continue
        threshold, period = reached
        for recipient in recipients_of(commitment):
            if recipient.email:
                candidates.append(Reminder(recipient, commitment, threshold, period or commitment.due_on))
    sent = set(
        ReminderLog.objects.filter(commitment__in={r.commitment.pk for r in candidates}).values_list(
            "recipient_id", "commitment_id", "threshold", "period"
        )
    )
    return [r for r in candidates if (r.recipient.pk, r.commitment.pk, r.threshold, r.period) not in sent]


def reminders_send(*, today, dry_run=False):
    """Email each recipient one digest of their pending reminders; returns {recipient: [Reminder]}."""
    by_recipient = defaultdict(list)
    for reminder in pending_reminders(today=today):
        by_recipient[reminder.recipient].append(reminder)
    if dry_run:
        return dict(by_recipient)
    delivered = {}
    for recipient, reminders in by_recipient.items():
        try:
            # The log and the email succeed together: a failed send leaves the lines for the next run.
            with transaction.atomic():
                ReminderLog.objects.bulk_create(
                    ReminderLog(
                        recipient=recipient,
                        commitment=r.commitment,
                        threshold=r.threshold,
                        due_on=r.commitment.due_on,
                        period=r.period,
                    )
                    for r in reminders
                )
                digest_email(recipient, reminders).send()
        except IntegrityError:
            # A run started at the same time sent these first.
            continue
        delivered[recipient] = reminders
    return delivered


def due_within_title(days):
    return ngettext("Due within %(days)d day", "Due within %(days)d days", days) % {"days": days}


def digest_email(recipient, reminders):
    site = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        titles = {
            Threshold.OVERDUE: _("Overdue"),
            Threshold.TODAY: _("Due today"),
            **{threshold: due_within_title(days) for days, threshold in THRESHOLDS if days},
        }
        groups = [
            {
                "title": titles[threshold],
                "items": [
                    {
                        "commitment": r.commitment,
                        "url": site + reverse("portal:commitment", args=[r.commitment.pk]),
                    }
                    for r in reminders
                    if r.threshold == threshold
                ],
            }
            for threshold in GROUP_ORDER
            if any(r.threshold == threshold for r in reminders)
        ]
        context = {
            "recipient": recipient,
            "groups": groups,
            "count": len(reminders),
            "portal_url": site + reverse("portal:tasks"),
        }
        subject = render_to_string("portal/email/reminders_subject.txt", context)
        body = render_to_string("portal/email/reminders.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[recipient.email])
