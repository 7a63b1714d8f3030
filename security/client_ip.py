"""The client's IP address, believing X-Forwarded-For only when it comes from a trusted proxy."""

import ipaddress

from django.conf import settings


def _ip(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address):
    ip = _ip(address or "")
    return ip is not None and any(ip in network for network in settings.TRUSTED_PROXIES)


def client_ip(request):
    """The nearest address in the X-Forwarded-For chain that is not one of our proxies.

    Walking from the right matters: a client can put anything at the left of the header, and each proxy
    appends the address it saw. Also used by django-axes (AXES_CLIENT_IP_CALLABLE), so lockouts count
    per real client, not per proxy.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(peer):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(forwarded):
        ip = _ip(hop)
        if ip is None:
            break
        if not is_trusted_proxy(str(ip)):
            return str(ip)
    return peer
