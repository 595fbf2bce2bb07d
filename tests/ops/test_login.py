"""Admin login: failed attempts are slowed then locked (and logged); passwords are validated;
inactive users are out."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from editorial import services
from ops import security
from tests.factories import EpisodeFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests.workflow.staff_user's
WRONG_PASSWORD_ERROR = "Please enter the correct username and password"


class Clock:
    def __init__(self, monkeypatch):
        self.now = 1_800_000_000.0
        monkeypatch.setattr(security, "clock", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch, settings):
    # Each attempt checks a password: a fast hasher keeps dozens of attempts quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for user in get_user_model().objects.all():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return Clock(monkeypatch)


def log_in(client, username, password, address="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def is_logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_failed_logins_are_slowed_then_locked_and_the_lock_is_logged(
    researcher, clock, caplog, settings
):
    client = Client()
    # Three failures are free: each is checked and refused as a wrong password.
    for _ in range(3):
        assert WRONG_PASSWORD_ERROR in log_in(client, "rita", "guess").content.decode()

    # Then each attempt must wait 1, 2, 4 … seconds; too early, even the right password fails.
    early = log_in(client, "rita", PASSWORD)
    assert not is_logged_in(early)
    assert "Too many failed login attempts for this account. Wait 1 second" in (
        early.content.decode()
    )
    waits = []
    with caplog.at_level(logging.INFO, logger="ops.security"):
        for _failure in range(4, 11):
            clock.advance(60)
            response = log_in(client, "rita", "guess")
            assert WRONG_PASSWORD_ERROR in response.content.decode()
            waits.append(log_in(client, "rita", "guess").content.decode())

    assert "Wait 2 seconds" in waits[0]
    assert "Wait 32 seconds" in waits[4]
    # The tenth failure locks the account, and says so on the page.
    assert "this account is locked for 15 minutes" in response.content.decode()
    locks = [r for r in caplog.records if getattr(r, "event", "") == "login_locked"]
    assert len(locks) == 1
    assert locks[0].levelno == logging.WARNING
    assert (locks[0].scope, locks[0].username, locks[0].failures) == ("account", "rita", 10)

    # Locked: the right password is refused for 15 minutes, then accepted.
    clock.advance(14 * 60)
    locked = log_in(client, "rita", PASSWORD)
    assert not is_logged_in(locked)
    assert "this account is locked" in locked.content.decode()
    clock.advance(61)
    assert is_logged_in(log_in(client, "rita", PASSWORD))


def test_a_successful_login_clears_the_count(researcher, clock):
    for _ in range(3):
        log_in(Client(), "rita", "guess")
    clock.advance(1)
    assert is_logged_in(log_in(Client(), "rita", PASSWORD))

    # Counting starts again: three more failures are all checked, none is refused early.
    for _ in range(3):
        assert WRONG_PASSWORD_ERROR in log_in(Client(), "rita", "guess").content.decode()


def test_the_lock_covers_unknown_accounts_too_so_it_tells_nothing(clock, settings):
    settings.LOGIN_THROTTLE = {**settings.LOGIN_THROTTLE, "max_delay": 0}
    for _ in range(10):
        response = log_in(Client(), "nobody-of-that-name", "guess")
    assert "this account is locked for 15 minutes" in response.content.decode()


def test_one_address_trying_many_accounts_is_locked_and_other_addresses_are_not(
    researcher, clock, settings
):
    settings.LOGIN_THROTTLE = {
        **settings.LOGIN_THROTTLE,
        "address": {"free": 2, "lock_after": 5},
        "max_delay": 0,
    }
    for n in range(5):
        response = log_in(Client(), f"user{n}", "guess", address="198.51.100.9")
    assert "logging in from your address is locked" in response.content.decode()
    assert not is_logged_in(log_in(Client(), "rita", PASSWORD, address="198.51.100.9"))

    assert is_logged_in(log_in(Client(), "rita", PASSWORD, address="192.0.2.1"))


def test_behind_proxies_the_address_is_the_one_they_forwarded(settings, rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.44")
    assert security.client_address(request) == "10.0.0.2"

    settings.NUM_PROXIES = 1
    assert security.client_address(request) == "192.0.2.44"
    settings.NUM_PROXIES = 2
    assert security.client_address(request) == "6.6.6.6"


def test_an_empty_form_is_not_counted(clock):
    for _ in range(20):
        Client().post("/admin/login/", {"username": "rita", "password": ""})
    assert security.LoginThrottle(Client().get("/").wsgi_request, "rita").refusal() is None


# --- passwords and inactive users ----------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1!", "This password is too short. It must contain at least 8 characters."),
        ("password123", "This password is too common."),
        ("4815162342", "This password is entirely numeric."),
        ("newcomer-researcher", "The password is too similar to the username."),
    ],
)
def test_weak_passwords_are_refused_by_the_validators(password, reason):
    admin = get_user_model().objects.create_superuser("ada", password="a long admin password")
    client = Client()
    client.force_login(admin)

    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "newcomer-researcher",
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not get_user_model().objects.filter(username="newcomer-researcher").exists()


def test_a_researcher_cannot_change_to_a_weak_password(researcher, researcher_client):
    response = researcher_client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"},
    )

    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    researcher.refresh_from_db()
    assert researcher.check_password(PASSWORD)


def test_an_inactive_user_cannot_log_in(researcher):
    researcher.is_active = False
    researcher.save(update_fields=["is_active"])

    response = log_in(Client(), "rita", PASSWORD)

    assert not is_logged_in(response)
    assert WRONG_PASSWORD_ERROR in response.content.decode()


def test_a_deactivated_user_is_out_at_the_next_request(researcher, researcher_client):
    assert researcher_client.get("/admin/").status_code == 200
    researcher.is_active = False
    researcher.save(update_fields=["is_active"])

    for url in ("/admin/", "/review/", "/admin/episodes/episode/"):
        response = researcher_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_an_inactive_reviewer_decides_nothing(researcher, reviewer):
    change_request = services.submit_for_review([EpisodeFactory()], by=researcher)
    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])

    with pytest.raises(services.WorkflowError, match="Only reviewers"):
        services.approve(change_request, by=reviewer)
