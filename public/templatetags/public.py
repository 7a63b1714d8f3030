from django import template
from django.utils import timezone

from public.sites import site_reverse

register = template.Library()


@register.filter
def absolute(number):
    return abs(number)


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
