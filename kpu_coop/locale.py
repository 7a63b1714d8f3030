from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation

PUBLIC_NAMESPACE = "public"


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except outside the public site.

    The public site takes its language from the address (/ Indonesian, /en/ English). Django then forces
    the default language on every unprefixed address, which would lock the portal, workspace and admin in
    Indonesian; there the language the visitor chose with the switch (its cookie) applies instead. The
    browser's Accept-Language is not consulted: Indonesian is the default whatever the browser says.
    """

    def process_request(self, request):
        super().process_request(request)
        if translation.get_language_from_path(request.path_info):
            return
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if PUBLIC_NAMESPACE not in match.namespaces and chosen in dict(settings.LANGUAGES):
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
