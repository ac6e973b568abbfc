"""Session lifetime: an idle timeout (the cookie's age, renewed on each request) and an
absolute timeout counted from log-in (presales.accounts.middleware)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import axes.utils
import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from presales.testing import TEST_PASSWORD

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def clean_axes():
    axes.utils.reset()
    yield
    axes.utils.reset()


def log_in(client) -> None:
    """Log in through the page, as a browser does (not force_login)."""
    response = client.post(reverse("login"), {"username": "rep", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(f"{LOGIN}?next=")


def test_idle_timeout_settings():
    assert settings.SESSION_IDLE_TIMEOUT > 0
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_ABSOLUTE_TIMEOUT > settings.SESSION_IDLE_TIMEOUT


def test_each_request_renews_the_idle_window(client, rep):
    with time_machine.travel(START, tick=False) as clock:
        log_in(client)
        clock.shift(timedelta(seconds=settings.SESSION_IDLE_TIMEOUT - 60))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(seconds=settings.SESSION_IDLE_TIMEOUT - 60))
        assert client.get(reverse("home")).status_code == 200
        assert client.session.get(SESSION_KEY) == str(rep.pk)


def test_idle_session_expires(client, rep):
    with time_machine.travel(START, tick=False) as clock:
        log_in(client)
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + 60))
        assert is_login_redirect(client.get(reverse("home")))


def keep_busy(client, clock, until: timedelta) -> None:
    """Make a request at every half idle window until `until` after START: never idle."""
    step = timedelta(seconds=settings.SESSION_IDLE_TIMEOUT // 2)
    while datetime.now(UTC) + step < START + until:
        clock.shift(step)
        response = client.get(reverse("customers:list"))
        assert response.status_code == 200, f"logged out at {datetime.now(UTC)}"


def test_active_session_lasts_until_the_absolute_timeout(client, rep):
    absolute = timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT)
    with time_machine.travel(START, tick=False) as clock:
        log_in(client)
        keep_busy(client, clock, absolute - timedelta(minutes=1))
        clock.move_to(START + absolute - timedelta(minutes=1))
        assert client.get(reverse("home")).status_code == 200


def test_active_session_ends_at_the_absolute_timeout(client, rep, settings):
    """However busy, a session ends SESSION_ABSOLUTE_TIMEOUT after log-in — counted from the
    log-in itself, not from the first page after it."""
    settings.LANGUAGE_CODE = "en"  # the message is written while logged in: the organisation's language
    absolute = timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT)
    with time_machine.travel(START, tick=False) as clock:
        log_in(client)
        keep_busy(client, clock, absolute - timedelta(minutes=1))
        clock.move_to(START + absolute + timedelta(minutes=1))

        response = client.get(reverse("customers:list"), HTTP_ACCEPT_LANGUAGE="en")

        assert is_login_redirect(response)
        assert client.session.get(SESSION_KEY) is None
        login_page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
        assert "Your session has ended" in login_page.content.decode()
        # Logging in again starts a new session with a new absolute limit.
        log_in(client)
        assert client.get(reverse("customers:list")).status_code == 200


def test_absolute_timeout_counts_from_login_even_when_the_first_page_comes_late(client, rep):
    absolute = timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT)
    with time_machine.travel(START, tick=False) as clock:
        log_in(client)
        clock.shift(timedelta(seconds=settings.SESSION_IDLE_TIMEOUT - 60))  # first page comes late
        assert client.get(reverse("home")).status_code == 200
        keep_busy(client, clock, absolute - timedelta(minutes=1))
        clock.move_to(START + absolute + timedelta(seconds=30))
        assert is_login_redirect(client.get(reverse("home")))
