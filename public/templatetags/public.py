from django import template
from django.urls import translate_url
from django.utils import timezone

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language):
    """This page's address, query string included, in another language."""
    return translate_url(context["request"].get_full_path(), language)


@register.filter
def absolute(number):
    return abs(number)


@register.filter
def overdue(commitment):
    """Past its due date, not done, and still applicable."""
    return commitment.is_overdue_on(timezone.localdate())
