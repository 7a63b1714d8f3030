"""Tags for the language switch and the hreflang alternates: `{% load languages %}` in any template."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_resolver, get_script_prefix, get_urlconf, translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language, absolute=False):
    """This page's address, query string included, in another language ("x-default": the default one);
    with absolute=True, with scheme and host, as search engines want it in hreflang alternates."""
    request = context["request"]
    if language == "x-default":
        language = settings.LANGUAGE_CODE
    # The address below the script prefix, the one the URLconf resolves; reversing puts the prefix back.
    path, mark, query = request.get_full_path_info().partition("?")
    url = _translated(get_resolver(get_urlconf()), get_script_prefix(), path, language) + mark + query
    return request.build_absolute_uri(url) if absolute else url


# Every public page asks four times (three alternates and the switch), and translate_url() resolves and
# reverses afresh each time. The key holds what it reads besides the path: the resolver and the script prefix.
@lru_cache(maxsize=4096)
def _translated(resolver, script_prefix, path, language):
    translated = translate_url(path, language)
    # An address the URLconf does not resolve comes back as it was given, below the prefix: put it back.
    return translated if translated != path else script_prefix + path.removeprefix("/")
