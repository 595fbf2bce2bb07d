"""The client's address, by one rule for every part that needs it: the API's rate limit
(public.api.throttling), the login lockout (django-axes, settings.AXES_CLIENT_IP_CALLABLE) and the
JSON logs (config.log).

``X-Forwarded-For`` is written by whoever sends the request, so it is trusted only as far as the
proxies in front of the application vouch for it: with ``NUM_PROXIES = n`` the address is the
n-th from the right of that header (each trusted proxy appends the address it saw), and with 0,
the default, the header is ignored and the address is the socket's (``REMOTE_ADDR``). A header
shorter than the trusted chain falls back to its leftmost entry, which the nearest proxy wrote
from the socket it saw.

Hand-written (a dozen lines) rather than django-ipware: ipware guesses among a dozen headers,
and the rule here must be the same one DRF's own ``NUM_PROXIES`` applies.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The address the request came from, as far as the trusted proxies say (NUM_PROXIES).

    Only a well-formed IPv4 or IPv6 address is believed: anything else in the header falls back
    to the socket's address, and a request without one (a test's, a Unix socket's) has None.
    """
    proxies = settings.NUM_PROXIES
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            address = _address(addresses[-min(proxies, len(addresses))])
            if address:
                return address
    return _address(request.META.get("REMOTE_ADDR", ""))


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
