from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from public.sites import site_reverse

register = template.Library()


@register.filter
def absolute(number):
    return abs(number)


@register.filter
def days_late(commitment):
    """Days past the due date, as Commitment.days_late counts them today (None: nothing to measure)."""
    return commitment.days_late(timezone.localdate())


@register.filter
def overdue(commitment):
    """Past its due date, not done, and still applicable."""
    return commitment.is_overdue_on(timezone.localdate())


@register.simple_tag(takes_context=True)
def site_url(context, name, *args):
    """``{% url 'public:<name>' %}`` on the site being shown: the office's (``/<office-slug>/…``) or the
    nation's; ``{% site_url 'agreement_list' as url %}`` works too."""
    request = context.get("request")
    return site_reverse(name, getattr(request, "site_office", None), args)


@register.simple_tag
def progress_bar(progress):
    """An agreements.progress.Progress as a bar with its words. Drawn in Python, not by an included template:
    a list of agreement cards draws twenty, and the template engine spent 40 µs on each."""
    if progress.percent is None:
        return format_html(
            '<div class="progress"><p class="progress-none">{}</p></div>',
            gettext("Progress: no applicable commitments recorded yet."),
        )
    return format_html(
        '<div class="progress"><progress max="100" value="{percent}" aria-label="{label}">{percent}%'
        '</progress><p class="progress-text">{label}</p></div>',
        percent=progress.percent,
        label=progress.label,
    )


@register.simple_tag
def stage_bar(timeline, row):
    """A timeline row (public.timeline.Row) as its bar on the timeline's shared scale, drawn in this order:
    the year lines, the stage's span, voting day, today and where its commitments fall due. Drawn in Python:
    the timeline draws one for each stage, and as template markup they were a twentieth of the page's time.
    Positions are written with str(), never localised (an Indonesian decimal comma is no SVG number)."""
    years = [("year", x) for _year, x in timeline.years]
    days = [
        (name, x) for name, x in (("voting", timeline.voting_x), ("today", timeline.today_x)) if x is not None
    ]
    due = ""
    if row.due_x is not None:
        due = format_html(
            '<rect class="due" x="{}" y="15" width="{}" height="4"/>', str(row.due_x), str(row.due_width)
        )
    return format_html(
        '<svg class="bar" viewBox="0 0 1000 20" preserveAspectRatio="none" aria-hidden="true" '
        'focusable="false"><rect class="track" x="0" y="8" width="1000" height="4"/>{years}'
        '<rect class="span" x="{x}" y="4" width="{width}" height="12"/>{days}{due}</svg>',
        years=vertical_lines(years),
        x=str(row.x),
        width=str(row.width),
        days=vertical_lines(days),
        due=due,
    )


def vertical_lines(lines):
    """(class, x) pairs as lines across a timeline bar."""
    return format_html_join(
        "", '<line class="{}" x1="{}" x2="{}" y1="0" y2="20"/>', ((name, str(x), str(x)) for name, x in lines)
    )
