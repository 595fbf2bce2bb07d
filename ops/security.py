"""Throttling of failed logins at /admin/login/, where researchers and reviewers sign in.

Failures are counted per account (the username as typed, case-folded) and per client address, in
Django's cache. After ``free`` failures each further attempt must wait 1, 2, 4 … seconds (at most
``max_delay``) after the previous failure; after ``lock_after`` failures logging in is locked for
``lock_seconds``, even with the right password, and the lock is logged on "ops.security".
Refused attempts never reach the password check, so they cost nothing and count for nothing.
A successful login clears the account's failures; an address's failures only expire, so that
an attacker who owns one account cannot reset the count of the address they guess from.

Nobody is made to wait inside a request (a sleeping request would tie up a server worker):
"slowed" means an attempt that comes too early is refused with the number of seconds to wait.
The thresholds are in settings.LOGIN_THROTTLE. Counts are best effort: two workers failing at
the same instant may each count once. With several processes the cache must be shared
(CACHE_URL, see README "Deploying"), or each process counts on its own.
"""

import hashlib
import logging
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

logger = logging.getLogger("ops.security")

# The clock, in seconds since the epoch; a seam for tests that need time to pass.
clock = time.time


def client_address(request) -> str:
    """The client's address: the peer, or the one the trusted proxies recorded (NUM_PROXIES)."""
    proxies = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@dataclass
class _Scope:
    name: str  # "account" or "address"
    label: str  # shown in messages and logs
    key: str  # cache key

    @property
    def rules(self) -> dict:
        return settings.LOGIN_THROTTLE[self.name]


class LoginThrottle:
    def __init__(self, request, username: str):
        self.username = username
        self.address = client_address(request)
        account = hashlib.sha256(username.strip().casefold().encode()).hexdigest()
        self.scopes = [
            _Scope("account", "this account", f"login-throttle:account:{account}"),
            _Scope("address", "your address", f"login-throttle:address:{self.address}"),
        ]

    @staticmethod
    def _state(scope: _Scope, now: float) -> dict:
        state = cache.get(scope.key)
        lock_seconds = settings.LOGIN_THROTTLE["lock_seconds"]
        if state is None or now - state["last_failure"] > lock_seconds:
            return {"failures": 0, "last_failure": 0.0, "locked_until": 0.0}
        return state

    @staticmethod
    def _delay(scope: _Scope, failures: int) -> float:
        """Seconds to wait after the latest of ``failures`` failures: 0, …, 0, 1, 2, 4 …"""
        if failures < scope.rules["free"]:
            return 0.0
        return float(
            min(2 ** (failures - scope.rules["free"]), settings.LOGIN_THROTTLE["max_delay"])
        )

    def refusal(self) -> str | None:
        """Why an attempt made now must be refused without checking the password, or None."""
        now = clock()
        for scope in self.scopes:
            state = self._state(scope, now)
            if state["locked_until"] > now:
                return self._locked_message(scope, state["locked_until"])
            wait = state["last_failure"] + self._delay(scope, state["failures"]) - now
            if wait > 0:
                seconds = math.ceil(wait)
                return (
                    f"Too many failed login attempts for {scope.label}. Wait {seconds} "
                    f"second{'s' if seconds != 1 else ''}, then try again."
                )
        return None

    def failed(self) -> str | None:
        """Count a failed attempt; return the lock message if this failure locked a scope."""
        now = clock()
        lock_seconds = settings.LOGIN_THROTTLE["lock_seconds"]
        message = None
        for scope in self.scopes:
            state = self._state(scope, now)
            state["failures"] += 1
            state["last_failure"] = now
            if state["failures"] >= scope.rules["lock_after"] and state["locked_until"] <= now:
                state["locked_until"] = now + lock_seconds
                message = message or self._locked_message(scope, state["locked_until"])
                logger.warning(
                    "Login locked for %s after %d failed attempts (username %r, address %s)",
                    scope.name,
                    state["failures"],
                    self.username,
                    self.address,
                    extra={
                        "event": "login_locked",
                        "scope": scope.name,
                        "username": self.username,
                        "address": self.address,
                        "failures": state["failures"],
                        "locked_seconds": lock_seconds,
                    },
                )
            cache.set(scope.key, state, timeout=lock_seconds)
        logger.info(
            "Failed login (username %r, address %s)",
            self.username,
            self.address,
            extra={"event": "login_failed", "username": self.username, "address": self.address},
        )
        return message

    def succeeded(self) -> None:
        cache.delete(self.scopes[0].key)

    def _locked_message(self, scope: _Scope, until: float) -> str:
        minutes = math.ceil(settings.LOGIN_THROTTLE["lock_seconds"] / 60)
        at = timezone.localtime(datetime.fromtimestamp(until, tz=UTC))
        what = "logging in from your address" if scope.name == "address" else "this account"
        return (
            f"Too many failed login attempts: {what} is locked for {minutes} "
            f"minute{'s' if minutes != 1 else ''}, until {at:%H:%M} {at.tzname()}. "
            "Ask an administrator if you cannot wait."
        )


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """The admin's login form, with the throttle in front of the password check."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not (username and password):
            return super().clean()  # "this field is required": no password was tried
        throttle = LoginThrottle(self.request, username)
        refusal = throttle.refusal()
        if refusal:
            raise ValidationError(refusal, code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError as error:
            locked = throttle.failed()
            if locked:
                raise ValidationError([*error.error_list, ValidationError(locked)]) from None
            raise
        throttle.succeeded()
        return cleaned
