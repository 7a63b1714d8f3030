from django import template
from django.utils import timezone

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
