"""Rate limits, counted in the shared cache (Redis in production) so every worker and server agree."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousClients(AnonRateThrottle):
    # Read at each request, not at import: the setting comes from the environment (and tests change it).
    def get_rate(self):
        return settings.API_ANON_RATE


class TokenClients(UserRateThrottle):
    def get_rate(self):
        return settings.API_USER_RATE
