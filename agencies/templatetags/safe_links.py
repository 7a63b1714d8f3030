"""Stored web addresses in templates: a link only to http(s), plain text for anything else.

{% load safe_links %}{{ organisation.website|web_link }}, or {{ value|http_url }} for an href of your own.
"""

from django import template
from django.utils.html import conditional_escape, format_html

from agencies.web_addresses import is_web_address

register = template.Library()


@register.filter
def http_url(value):
    """The address when it is http(s), else an empty string: never a javascript: or data: href."""
    return value.strip() if is_web_address(value) else ""


@register.filter
def web_link(value):
    """A link to an http(s) address, showing the address; any other value as plain text."""
    href = http_url(value)
    if not href:
        return conditional_escape(value)
    # Addresses come from agencies, not from us: no ranking credit, no window.opener, no referrer.
    return format_html('<a href="{}" rel="nofollow noopener noreferrer">{}</a>', href, href)
