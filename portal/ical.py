"""iCalendar feeds of commitment deadlines, built with the icalendar library."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from kpu_coop.text import printable_text


def deadlines_calendar(commitments, *, name, site):
    """One all-day event per commitment on its due date; the UID stays the same when the date moves.

    ``site`` is the scheme and host the links point to, e.g. ``https://pks.example.org``.
    """
    host = site.split("://", 1)[-1]
    calendar = Calendar()
    calendar.add("prodid", "-//kpu-coop//deadlines//ID")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", printable_text(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for commitment in commitments:
        url = site + reverse("portal:commitment", args=[commitment.pk])
        lines = [
            _("Agreement: %(title)s") % {"title": commitment.agreement.title},
            _("Responsible: %(organisation)s") % {"organisation": commitment.responsible},
        ]
        if commitment.follows_stage:
            lines.append(_("Election stage: %(stage)s") % {"stage": commitment.due_stage})
        lines.append(url)
        event = Event()
        event.add("uid", f"commitment-{commitment.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", commitment.due_on)
        event.add("dtend", commitment.due_on + timedelta(days=1))
        # iCalendar's TEXT holds no control characters: a pasted one would make a calendar app refuse it all.
        event.add("summary", printable_text(_("Due: %(title)s") % {"title": commitment.title}))
        event.add("description", printable_text("\n".join(lines)))
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
