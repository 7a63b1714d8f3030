from django import template
from django.utils import timezone
from django.utils.html import format_html
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
