"""Log-in, log-out, throttling (django-axes), password change, and the log-in wall."""

from __future__ import annotations

import re

import axes.utils
import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from presales.testing import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def clean_axes():
    """Axes keeps failures in its tables (rolled back with each test) — reset anyway, so a
    test never sees another's lock-outs whatever the handler."""
    axes.utils.reset()
    yield
    axes.utils.reset()


def session_cookie(client) -> str | None:
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie and cookie.value else None


def logged_in_as(client):
    return client.session.get(SESSION_KEY)


def login(client, username: str, password: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


# --- the log-in page --------------------------------------------------------------------------


def test_login_page_is_in_chinese_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert re.search(r'<html lang="zh-hans">', response.content.decode())


def test_login_page_follows_the_browser_language(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in response.content.decode()


def test_login_with_the_right_password(client, rep):
    response = login(client, "rep", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert logged_in_as(client) == str(rep.pk)
    assert client.get(reverse("home")).status_code == 200


def test_login_follows_next_but_not_off_site(client, rep):
    response = client.post(
        reverse("login"), {"username": "rep", "password": TEST_PASSWORD, "next": reverse("customers:list")}
    )
    assert response["Location"] == reverse("customers:list")
    client.logout()
    response = client.post(
        reverse("login"), {"username": "rep", "password": TEST_PASSWORD, "next": "https://evil.example.com/"}
    )
    assert response["Location"] == reverse("home")


def test_wrong_password_is_refused(client, rep):
    response = login(client, "rep", "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert logged_in_as(client) is None


def test_inactive_user_cannot_log_in(client, rep):
    rep.is_active = False
    rep.save()
    login(client, "rep", TEST_PASSWORD)
    assert logged_in_as(client) is None


def test_login_rotates_the_session_key(client, rep):
    session = client.session  # an anonymous session, as a visitor has before logging in
    session["visited"] = True
    session.save()
    before = session_cookie(client)
    assert before

    login(client, "rep", TEST_PASSWORD)

    after = session_cookie(client)
    assert after and after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert logged_in_as(client) == str(rep.pk)


def test_logged_in_user_is_sent_home_from_the_login_page(client, rep):
    client.force_login(rep)
    response = client.get(reverse("login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


# --- throttling ---------------------------------------------------------------------------------


def test_repeated_wrong_passwords_lock_the_user_out(client, rep):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "rep", "wrong-password")

    response = login(client, "rep", TEST_PASSWORD)

    assert response.status_code == 429
    assert logged_in_as(client) is None
    assert client.get(reverse("home")).status_code == 302


def test_one_failure_fewer_than_the_limit_does_not_lock(client, rep):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "rep", "wrong-password")
    response = login(client, "rep", TEST_PASSWORD)
    assert response.status_code == 302
    assert logged_in_as(client) == str(rep.pk)


def test_lock_out_is_per_user_name(client, rep, other_rep):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "rep", "wrong-password")
    login(client, "other_rep", TEST_PASSWORD)
    assert logged_in_as(client) == str(other_rep.pk)


def test_lock_out_ends_when_an_administrator_resets_it(client, rep):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "rep", "wrong-password")
    assert login(client, "rep", TEST_PASSWORD).status_code == 429

    axes.utils.reset(username="rep")

    assert login(client, "rep", TEST_PASSWORD).status_code == 302
    assert logged_in_as(client) == str(rep.pk)


# --- log-out --------------------------------------------------------------------------------------


def test_logout_by_post_ends_the_session(client, rep):
    login(client, "rep", TEST_PASSWORD)
    key = session_cookie(client)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert logged_in_as(client) is None
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("home")).status_code == 302


def test_logout_by_get_is_not_allowed(client, rep):
    client.force_login(rep)
    assert client.get(reverse("logout")).status_code == 405
    assert logged_in_as(client) == str(rep.pk)


# --- password change ----------------------------------------------------------------------------


def change_password(client, new: str, old: str = TEST_PASSWORD):
    return client.post(reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new})


@pytest.mark.parametrize(
    "weak",
    [
        "Ab1!",  # too short
        "password123",  # common
        "84736251940",  # entirely numeric
        "xiaoshou2026",  # too close to the e-mail address
    ],
)
def test_password_change_refuses_weak_passwords(client, rep, weak):
    rep.email = "wang.xiaoshou@example.com"
    rep.save()
    client.force_login(rep)
    response = change_password(client, weak)
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    rep.refresh_from_db()
    assert rep.check_password(TEST_PASSWORD)


def test_password_change_needs_the_old_password(client, rep):
    client.force_login(rep)
    response = change_password(client, "Xin-Mima-2026-Qiang!", old="not-my-password")
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    rep.refresh_from_db()
    assert rep.check_password(TEST_PASSWORD)


def test_password_change_with_a_strong_password(client, rep):
    login(client, "rep", TEST_PASSWORD)
    response = change_password(client, "Xin-Mima-2026-Qiang!")
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    rep.refresh_from_db()
    assert rep.check_password("Xin-Mima-2026-Qiang!")
    # The session that changed it stays logged in; the old password no longer works.
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    login(client, "rep", TEST_PASSWORD)
    assert logged_in_as(client) is None
    login(client, "rep", "Xin-Mima-2026-Qiang!")
    assert logged_in_as(client) == str(rep.pk)


def test_password_change_requires_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


# --- the log-in wall --------------------------------------------------------------------------------

# Pages an anonymous visitor may open (or that send elsewhere on their own terms).
PUBLIC = {"login", "logout", "set_language"}


def app_urls() -> list[tuple[str, str]]:
    """(name, path) for every named page of the project outside the admin, with 1 for each
    path argument; found by walking the URL configuration so a new page is covered too."""
    found = []

    def walk(patterns, prefix: str, namespace: str):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name in ("admin", "api"):  # the API answers 401 itself (api/tests)
                    continue
                ns = entry.namespace or namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                if name in PUBLIC:
                    continue
                path = "/" + re.sub(r"<(?:\w+:)?\w+>", "1", prefix + str(entry.pattern))
                found.append((name, path))

    walk(get_resolver().url_patterns, "", "")
    return found


def test_the_walk_finds_the_app_pages():
    names = {name for name, _path in app_urls()}
    assert {"home", "password_change", "customers:list", "customers:detail", "opportunities:board"} <= names
    assert "customers:contact_delete" in names and "opportunities:advance" in names


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_users_are_sent_to_login_from_every_app_page(client, customer, opportunity, method):
    assert customer.pk and opportunity.pk  # something behind the wall
    for name, path in app_urls():
        response = getattr(client, method)(path)
        assert response.status_code == 302, f"{name} {path}: {response.status_code}"
        assert response["Location"].startswith(f"{LOGIN}?next="), f"{name} {path}: {response['Location']}"


def test_anonymous_users_get_no_data_from_exports(client, customer, opportunity):
    for name in ("customers:export", "opportunities:export"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert customer.name.encode() not in response.content
