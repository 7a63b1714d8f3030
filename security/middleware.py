"""Request and response layers of the security app; settings.MIDDLEWARE says where each one sits."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.urls import reverse
from django.utils.translation import gettext as _

from security.client_ip import client_ip, is_trusted_proxy
from security.downloads import is_download, sandbox_download
from security.kept_forms import keep_typed_form
from security.log import log_event
from security.two_factor import OPEN_VIEWS, has_confirmed_device, two_factor_required

LOGIN_AT = "security_login_at"
SEEN_AT = "security_seen_at"
# Writing the last-seen time at most this often keeps a page view from always saving the session.
SEEN_RESOLUTION = 60
# The sections of kpu_coop/urls.py for users with an account; the public site lives under / and /en/.
PRIVATE_SECTIONS = ("/admin/", "/accounts/", "/portal/", "/workspace/")
# Not even the browser's own disk cache keeps these pages, so a shared computer shows nothing after logout.
PRIVATE_CACHE_CONTROL = "private, no-store"
# The API (api/) checks its own parameters and answers in JSON.
API_PREFIX = "/api/"


class NulCharacterMiddleware:
    """Answer 400 (the translated 400 page) for a NUL character in the address or its query string.

    PostgreSQL refuses NUL in text, so such a value fails as a 500 wherever it reaches the database unchecked:
    the admin's list filters and search, a calendar feed's token. Forms refuse it themselves (Django's
    CharField), so posted data is left to them, and the API answers its own JSON 400 naming the parameter.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            return self.get_response(request)
        query = (text for pair in request.GET.lists() for text in (pair[0], *pair[1]))
        if "\x00" in request.path or any("\x00" in text for text in query):
            raise SuspiciousOperation("NUL character in the address")
        return self.get_response(request)


class TrustedProxyMiddleware:
    """Believe X-Forwarded-For/-Proto only from TRUSTED_PROXIES; REMOTE_ADDR becomes the client's address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_trusted_proxy(request.META.get("REMOTE_ADDR")):
            request.META["REMOTE_ADDR"] = client_ip(request)
        else:
            # A client that reaches us directly can claim neither HTTPS nor another address.
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
            request.META.pop("HTTP_X_FORWARDED_FOR", None)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """No cache keeps what one user saw: pages for a logged-in user, and the sections that are about one user.

    Logged in, even a public page shows the way to the portal; the login, password-reset and two-factor pages,
    the calendar feeds (a secret in the address) and the admin's login are private before anyone logs in.
    Anonymous public pages keep the headers their views set (public.caching).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(PRIVATE_SECTIONS) or is_logged_in(request):
            response.headers["Cache-Control"] = PRIVATE_CACHE_CONTROL
        return response


def is_logged_in(request):
    # No user when an outer layer answered first (an HTTPS redirect): no one was looked up, nothing shown.
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


class CrossOriginResourcePolicyMiddleware:
    """Django sets COOP but has no setting for CORP: other sites may not embed our responses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        return response


class SandboxedDownloadMiddleware:
    """Every file download (a response with Content-Disposition) gets a sandboxing CSP and nosniff."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_download(response):
            sandbox_download(response)
        return response


class SessionTimeoutMiddleware:
    """Ends a login after SESSION_IDLE_TIMEOUT idle seconds, or SESSION_ABSOLUTE_TIMEOUT seconds in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        now = int(time.time())
        session = request.session
        login_at = session.get(LOGIN_AT)
        if login_at is None:
            session[LOGIN_AT] = session[SEEN_AT] = now
            return
        idle = now - session.get(SEEN_AT, login_at)
        if idle > settings.SESSION_IDLE_TIMEOUT:
            self.expire(request, "idle", _("You were logged out after a period of inactivity."))
        elif now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT:
            self.expire(request, "absolute", _("Your session has ended. Please log in again."))
        elif idle >= SEEN_RESOLUTION:
            session[SEEN_AT] = now

    def expire(self, request, reason, message):
        log_event("session_expired", request=request, reason=reason)
        writer = request.user.pk
        logout(request)
        messages.info(request, message)
        if keep_typed_form(request, writer=writer):
            messages.info(
                request,
                _(
                    "What you were sending has been kept: log in, check it and send it again "
                    "(choose any files again)."
                ),
            )


class TwoFactorMiddleware:
    """Staff, and anyone who has set up a TOTP device, use nothing but the 2FA pages until verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not two_factor_required(request) or user.is_verified():
            return None
        if request.resolver_match.view_name in OPEN_VIEWS:
            return None
        step = "verify" if has_confirmed_device(user) else "setup"
        return redirect_to_login(request.get_full_path(), reverse(f"security:two_factor_{step}"))


class SecurityLogMiddleware:
    """Logs every refused request (403), whichever layer refused it: a view, CSRF or a permission check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            log_event("access_denied", request=request, level=logging.WARNING, method=request.method)
        return response


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers the friendly 503 page (errors elsewhere: handler500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            from security.views import service_unavailable

            return service_unavailable(request)
        return None
