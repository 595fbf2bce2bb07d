"""Rate limit of the public API (named in settings.REST_FRAMEWORK).

Kept apart from editorial/api.py because DRF imports throttle classes while it defines its
views: this module must not import them back.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from config import cache
from ops.clientaddress import client_address


class _CacheWithoutErrors:
    """The two calls DRF's throttle makes, through config.cache: when the cache is away the API
    answers unthrottled (with the warning config.cache logs), never with an error."""

    def get(self, key, default=None):
        return cache.get(key, default)

    def set(self, key, value, timeout=None):
        cache.set(key, value, timeout)


class AnonymousRateThrottle(AnonRateThrottle):
    """Requests per client address, at ``settings.ATLAS_API_ANON_RATE`` (``None``: no limit).

    The rate is read at each request (DRF's own is read once, at import), so that a changed
    setting applies without a restart, in tests too. The address is the project's one rule
    (ops.clientaddress, settings.NUM_PROXIES); DRF's own reading of X-Forwarded-For, when its
    NUM_PROXIES is unset, takes the whole header as the client's, which anybody can vary.
    """

    cache = _CacheWithoutErrors()

    def get_rate(self):
        return settings.ATLAS_API_ANON_RATE

    def get_ident(self, request):
        return client_address(request)

    def get_cache_key(self, request, view):
        """By address alone, whoever asks: the API authenticates nobody (its requests are all
        anonymous to DRF), and a response given before DRF (public.api.viewsets) is counted
        from Django's request, which may carry a staff session."""
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
