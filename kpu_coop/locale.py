from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation

PUBLIC_NAMESPACE = "public"
# One address for every language: a tool names the language it reads in Accept-Language.
API_PREFIX = "/api/"
# ?lang=en on the login page: the language the public site's "Log in" link carries.
LANGUAGE_PARAMETER = "lang"


def wants_language(request, match):
    return request.method == "GET" and match.url_name == "login" and not match.namespaces


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except outside the public site.

    The public site takes its language from the address (/ Indonesian, /en/ English). Django then forces
    the default language on every unprefixed address, which would lock the portal, workspace and admin in
    Indonesian; there the language the visitor chose with the switch (its cookie) applies instead, or the one
    the public site's "Log in" link names (``/accounts/login/?lang=en``), which the cookie then keeps. There
    the browser's Accept-Language is not consulted: Indonesian is the default whatever the browser says. The
    API (``/api/``) has no address per language, so it answers in the one its client asks for in
    Accept-Language (or the cookie), Indonesian when it names none that the site has.
    """

    def process_request(self, request):
        if request.path_info.startswith(API_PREFIX):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        # No choice to apply, as for most visitors of the public site: the address need not be resolved.
        if cookie is None and LANGUAGE_PARAMETER not in request.GET:
            return
        if translation.get_language_from_path(request.path_info):
            return
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return
        languages = dict(settings.LANGUAGES)
        # Only where the public site's link leads, and only to read it: no other site changes it by a link.
        linked = request.GET.get(LANGUAGE_PARAMETER) if wants_language(request, match) else None
        chosen = linked if linked in languages else cookie
        if PUBLIC_NAMESPACE not in match.namespaces and chosen in languages:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
            request.language_from_link = chosen if chosen == linked else None

    def process_response(self, request, response):
        response = super().process_response(request, response)
        chosen = getattr(request, "language_from_link", None)
        if chosen and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != chosen:
            # As Django's set_language view keeps a choice.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
