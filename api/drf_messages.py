"""Django REST framework's own messages that the API can answer with and that DRF's Indonesian catalogue
leaves in English. Written here word for word, so that `make messages` keeps them in this app's catalogue,
where DRF's gettext() finds their translation (only marked here: DRF translates them when it raises)."""

from django.utils.translation import gettext_noop

MESSAGES = (
    # rest_framework.pagination.CursorPagination: a cursor changed by hand.
    gettext_noop("Invalid cursor"),
    # rest_framework.authentication.TokenAuthentication: the token list (/api/v1/tasks/).
    gettext_noop("Invalid token header. No credentials provided."),
    gettext_noop("Invalid token header. Token string should not contain spaces."),
    gettext_noop("Invalid token header. Token string should not contain invalid characters."),
    gettext_noop("Invalid token."),
    # rest_framework.exceptions: a write to the read-only API, and the rate limits.
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("Expected available in {wait} second."),
    gettext_noop("Expected available in {wait} seconds."),
)
