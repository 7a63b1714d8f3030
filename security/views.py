import logging
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import server_error as default_server_error

from security.forms import TokenForm
from security.log import log_event
from security.two_factor import (
    REQUIRED_KEY,
    device_confirm,
    device_verify,
    devices_remove,
    has_confirmed_device,
    pending_device,
    qr_svg,
    secret_text,
    throttle_wait,
)

logger = logging.getLogger(__name__)
# Seconds a client is asked to wait before retrying while the database is down.
RETRY_AFTER = 30


def next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
def two_factor(request):
    """Whether two-factor authentication is on; a liaison may turn it off here, staff may not."""
    user = request.user
    has_device = has_confirmed_device(user)
    if request.method == "POST":
        if user.is_staff or not has_device:
            raise PermissionDenied
        devices_remove(user=user)
        request.session[REQUIRED_KEY] = False
        log_event("mfa_removed", request=request, username=user.get_username())
        messages.success(request, _("Two-factor authentication is off for your account."))
        return redirect("security:two_factor")
    return render(
        request,
        "security/two_factor.html",
        {"has_device": has_device, "can_remove": has_device and not user.is_staff},
    )


@never_cache
@login_required
def two_factor_setup(request):
    user = request.user
    if has_confirmed_device(user) and not user.is_verified():
        # Replacing a device takes a code from the current one: a stolen password must not be enough.
        return redirect_to_login(next_url(request), reverse("security:two_factor_verify"))
    device = pending_device(user)
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if device_confirm(request=request, device=device, token=form.cleaned_data["code"]):
                log_event("mfa_enabled", request=request, username=user.get_username())
                messages.success(request, _("Two-factor authentication is on for your account."))
                return redirect(next_url(request))
            form.add_error("code", _("That code is not right. Check the clock of your phone and try again."))
        status = 400
    return render(
        request,
        "security/two_factor_setup.html",
        {
            "form": form,
            "secret": secret_text(device),
            "uri": device.config_url,
            "qr": qr_svg(device),
            "next": next_url(request),
            "required": user.is_staff,
        },
        status=status,
    )


@never_cache
@login_required
def two_factor_verify(request):
    user = request.user
    if not has_confirmed_device(user):
        return redirect_to_login(next_url(request), reverse("security:two_factor_setup"))
    if user.is_verified():
        return redirect(next_url(request))
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        wait = throttle_wait(user)
        if wait:
            form.add_error(None, _("Too many wrong codes. Wait %(seconds)d seconds.") % {"seconds": wait})
        elif form.is_valid():
            if device_verify(request=request, token=form.cleaned_data["code"]):
                log_event("mfa_verified", request=request, username=user.get_username())
                return redirect(next_url(request))
            log_event("mfa_failed", request=request, level=logging.WARNING, username=user.get_username())
            form.add_error("code", _("That code is not right. Check the clock of your phone and try again."))
    return render(
        request, "security/two_factor_verify.html", {"form": form, "next": next_url(request)}, status=status
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): a page, not a bare message."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "security/lockout.html", {"minutes": minutes}, status=429)


@never_cache
@require_GET
def healthz(request):
    """For monitors and load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def service_unavailable(request):
    """The friendly page while the database is down; it must not need the database itself."""
    logger.error("Database unavailable while serving %s", request.path)
    try:
        content = render_to_string("503.html", request=request)
    except DatabaseError:
        content = render_to_string("503.html")
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def server_error(request):
    """handler500: a lost database connection anywhere, even in middleware, is an outage (503), not a bug."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable(request)
    return default_server_error(request)
