"""Tags for the language switch and the hreflang alternates: `{% load languages %}` in any template."""

from django import template
from django.conf import settings
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language, absolute=False):
    """This page's address, query string included, in another language ("x-default": the default one);
    with absolute=True, with scheme and host, as search engines want it in hreflang alternates."""
    request = context["request"]
    if language == "x-default":
        language = settings.LANGUAGE_CODE
    url = translate_url(request.get_full_path(), language)
    return request.build_absolute_uri(url) if absolute else url
