"""The anonymous clients' request rate, read from settings at each request (tests and deployments change it)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """Per client address, for clients without a token or session; over the rate DRF answers 429 with Retry-After."""

    def get_rate(self):
        return settings.API_ANONYMOUS_RATE
