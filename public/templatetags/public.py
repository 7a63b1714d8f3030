from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def absolute(number):
    return abs(number)


@register.filter
def overdue(commitment):
    """Past its due date, not done, and still applicable."""
    return bool(
        commitment.due_on
        and not commitment.is_done
        and not commitment.is_not_applicable
        and commitment.due_on < timezone.localdate()
    )
