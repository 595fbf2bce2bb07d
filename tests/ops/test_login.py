"""Admin login: failed attempts lock an account and an address (django-axes, attempts in the
database), the lock is logged and lifted by `axes_reset`; passwords are validated; inactive users
are out."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editorial import services
from tests.factories import EpisodeFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests.workflow.staff_user's
WRONG_PASSWORD_ERROR = "Please enter the correct username and password"
LOCKED = "Too many failed login attempts: logging in is locked"


@pytest.fixture
def fast_passwords(settings):
    # Each attempt checks a password: a fast hasher keeps dozens of attempts quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for user in get_user_model().objects.all():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


def log_in(client, username, password, address="203.0.113.7", **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        headers=headers,
    )


def is_logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def is_locked(response) -> bool:
    return response.status_code == 429 and LOCKED in response.content.decode()


def fail(times, username="rita", address="203.0.113.7"):
    for _ in range(times):
        response = log_in(Client(), username, "guess", address=address)
    return response


def test_an_account_is_locked_after_ten_failures_even_with_the_right_password_and_logged(
    researcher, fast_passwords, caplog
):
    for _ in range(9):
        assert WRONG_PASSWORD_ERROR in log_in(Client(), "rita", "guess").content.decode()
    with caplog.at_level(logging.INFO, logger="ops.security"):
        locking = log_in(Client(), "rita", "guess")
        refused = log_in(Client(), "rita", PASSWORD, address="192.0.2.50")

    assert is_locked(locking)
    assert "locked for 0:15:00" in locking.content.decode()
    # The account is locked from any address, the right password included.
    assert is_locked(refused)
    records = [r for r in caplog.records if r.name == "ops.security"]
    events = [(r.event, r.levelno, r.username, r.address) for r in records]
    assert events == [
        ("login_locked", logging.WARNING, "rita", "203.0.113.7"),
        ("login_refused_locked", logging.INFO, "rita", "192.0.2.50"),
    ]
    assert records[0].failures == 10


def test_the_attempts_are_rows_in_the_database_so_every_process_counts_them(
    researcher, fast_passwords
):
    fail(4)
    attempt = AccessAttempt.objects.get(username="rita")
    assert (attempt.ip_address, attempt.failures_since_start) == ("203.0.113.7", 4)
    assert "guess" not in attempt.post_data  # the password is masked


def test_a_successful_login_clears_the_count(researcher, fast_passwords):
    fail(9)
    assert is_logged_in(log_in(Client(), "rita", PASSWORD))
    # Counting starts again: nine more failures are all checked, none is locked.
    assert WRONG_PASSWORD_ERROR in fail(9).content.decode()


def test_the_lock_covers_unknown_accounts_too_so_it_tells_nothing(fast_passwords):
    assert is_locked(fail(10, username="nobody-of-that-name"))


def test_one_address_trying_many_accounts_is_locked_and_other_addresses_are_not(
    researcher, fast_passwords
):
    for n in range(10):
        response = log_in(Client(), f"user{n}", "guess", address="198.51.100.9")
    assert is_locked(response)
    assert is_locked(log_in(Client(), "rita", PASSWORD, address="198.51.100.9"))
    assert is_logged_in(log_in(Client(), "rita", PASSWORD, address="192.0.2.1"))


def test_random_forwarded_headers_do_not_escape_the_address_lock(researcher, fast_passwords):
    for n in range(10):
        log_in(Client(), f"user{n}", "guess", address="198.51.100.9")

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(header=st.ip_addresses().map(str))
    def still_locked(header):
        response = log_in(
            Client(), "rita", PASSWORD, address="198.51.100.9", x_forwarded_for=header
        )
        assert is_locked(response), header

    still_locked()


def test_behind_a_proxy_the_lock_counts_the_address_it_forwarded(
    researcher, fast_passwords, settings
):
    settings.NUM_PROXIES = 1
    proxy = "10.0.0.1"
    for n in range(10):
        response = log_in(
            Client(), f"user{n}", "guess", address=proxy, x_forwarded_for="6.6.6.6, 198.51.100.9"
        )
    assert is_locked(response)
    assert AccessAttempt.objects.filter(ip_address="198.51.100.9").count() == 10
    # Everybody else behind the same proxy still logs in.
    assert is_logged_in(
        log_in(Client(), "rita", PASSWORD, address=proxy, x_forwarded_for="192.0.2.3")
    )


def test_the_lock_ends_after_its_time(researcher, fast_passwords):
    assert is_locked(fail(10))
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert is_logged_in(log_in(Client(), "rita", PASSWORD))


def test_axes_reset_unlocks(researcher, fast_passwords):
    assert is_locked(fail(10))
    call_command("axes_reset", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert AccessAttempt.objects.count() == 0
    assert is_logged_in(log_in(Client(), "rita", PASSWORD))


def test_an_empty_form_is_not_counted(researcher, fast_passwords):
    for _ in range(20):
        Client().post("/admin/login/", {"username": "rita", "password": ""})
    assert AccessAttempt.objects.count() == 0
    assert is_logged_in(log_in(Client(), "rita", PASSWORD))


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
