"""How a tool proves who it acts for: a token, as Django REST framework checks it."""

from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


class KeyTokenAuthentication(TokenAuthentication):
    """DRF's token check, which refuses a key holding a NUL character as a wrong one: PostgreSQL cannot
    compare such text, so looking it up would fail instead of finding nothing."""

    def authenticate_credentials(self, key):
        if "\x00" in key:
            raise AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(key)
