"""TOTP two-factor authentication (django-otp): who must use it, setting a device up, checking a code."""

import base64

import segno
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

# Set at login: whether this user must pass 2FA besides staff (a liaison who has set up a device).
REQUIRED_KEY = "security_two_factor_required"
# Pages an authenticated but not yet verified user may still open.
OPEN_VIEWS = frozenset(
    {"login", "logout", "set_language", "healthz", "security:two_factor_setup", "security:two_factor_verify"}
)
DEVICE_NAME = "TOTP"


def has_confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_required(request):
    """Staff always; anyone else once they have set up a device."""
    return request.user.is_staff or bool(request.session.get(REQUIRED_KEY))


def remember_requirement(request, user):
    request.session[REQUIRED_KEY] = has_confirmed_device(user)


def pending_device(user):
    """The not yet confirmed device being set up; the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_text(device):
    """The key as authenticator apps take it typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device):
    """The otpauth:// URI as an inline SVG QR code (markup only: nothing the CSP would block)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, dark="#1a1a1a")


def device_confirm(*, request, device, token):
    """Confirm a pending device with a code from the app; it replaces the user's other devices."""
    with transaction.atomic():
        if not device.verify_token(token):
            return False
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    mark_verified(request, device)
    return True


def device_verify(*, request, token):
    """The user's confirmed device if ``token`` is its current code, else None (throttled by django-otp)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=request.user, confirmed=True).first()
        if device is None or not device.verify_token(token):
            return None
    mark_verified(request, device)
    return device


def throttle_wait(user):
    """Seconds before another code may be tried after wrong ones, or 0."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return 0
    allowed, details = device.verify_is_allowed()
    if allowed or not details or "locked_until" not in details:
        return 0
    return max(1, int((details["locked_until"] - timezone.now()).total_seconds()))


def mark_verified(request, device):
    # A new session key at the step that completes the login, as Django's login() does for the password.
    request.session.cycle_key()
    otp_login(request, device)
    request.session[REQUIRED_KEY] = True


def devices_remove(*, user):
    """Turn 2FA off for a user (a liaison's own choice, or an administrator's reset); returns how many."""
    count, _ = TOTPDevice.objects.filter(user=user).delete()
    return count
