"""The log of admin login locks. The lockout itself is django-axes (settings, "Failed logins").

axes sends ``user_locked_out`` when a failure reaches the limit and again for every attempt
made while locked (each such attempt extends the lock); both are logged on "ops.security", the
first as event ``login_locked`` (a warning), the others as ``login_refused_locked``, with the
username as typed and the client's address (ops.clientaddress).
"""

import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver

logger = logging.getLogger("ops.security")


@receiver(user_locked_out, dispatch_uid="ops.logins.log_lock")
def log_lock(sender, request, username, ip_address, **kwargs):
    failures = getattr(request, "axes_failures_since_start", None)
    first = failures == settings.AXES_FAILURE_LIMIT
    event = "login_locked" if first else "login_refused_locked"
    logger.log(
        logging.WARNING if first else logging.INFO,
        "Login locked after %s failed attempts (username %r, address %s)"
        if first
        else "Login refused while locked (username %r, address %s)",
        *((failures,) if first else ()),
        username,
        ip_address,
        extra={
            "event": event,
            "username": username,
            "address": ip_address,
            "failures": failures,
            "locked_seconds": int(settings.AXES_COOLOFF_TIME.total_seconds()),
        },
    )
