"""API tokens: they expire, every change of the password revokes them (whichever way it is
changed), and the user revokes his own on the token page."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from presales.api.services import token_create
from presales.api.tests.conftest import token_client
from presales.testing import TEST_PASSWORD

NEW_PASSWORD = "Xin-Mima-2026-Qiang!"


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """A "stronger" hasher than the tests' MD5 that costs nothing: a log-in re-hashes to it."""

    iterations = 1000


def answers(token) -> int:
    return token_client(token).get("/api/v1/opportunities/").status_code


# --- expiry -------------------------------------------------------------------------------------


def test_a_token_works_until_it_expires_then_gets_401_saying_so(settings, rep, opportunity):
    settings.PRESALES_API_TOKEN_DAYS = 30
    token = token_create(user=rep)
    with time_machine.travel(token.created + timedelta(days=30) - timedelta(minutes=1)):
        assert answers(token) == 200
    with time_machine.travel(token.created + timedelta(days=30)):
        response = token_client(token).get("/api/v1/opportunities/")
    assert response.status_code == 401
    assert "This API token expired on" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Token"


def test_tokens_never_expire_with_zero_days(settings, rep, opportunity):
    settings.PRESALES_API_TOKEN_DAYS = 0
    token = token_create(user=rep)
    with time_machine.travel(token.created + timedelta(days=3650)):
        assert answers(token) == 200


def test_asking_again_replaces_an_expired_token_and_says_when_the_new_one_expires(settings, api, rep):
    settings.PRESALES_API_TOKEN_DAYS = 90
    old = token_create(user=rep)
    form = {"username": rep.username, "password": TEST_PASSWORD}
    assert api.post(reverse("api:token"), form).json()["token"] == old.key  # still valid: the same
    with time_machine.travel(old.created + timedelta(days=91)):
        answer = api.post(reverse("api:token"), form).json()
        new = Token.objects.get(user=rep)
        assert new.key == answer["token"] != old.key
        assert answer["expires"].startswith((new.created + timedelta(days=90)).strftime("%Y-%m-%dT%H:%M"))
        assert answers(new) == 200


def test_the_token_page_shows_when_the_token_expires(settings, client, rep):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    settings.PRESALES_API_TOKEN_DAYS = 90
    client.force_login(rep)
    with time_machine.travel("2026-03-01 10:00 +0800", tick=False):
        token_create(user=rep)
        page = client.get(reverse("api_token"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Works until 2026-05-30 10:00." in page
    with time_machine.travel("2026-06-01 10:00 +0800", tick=False):
        client.force_login(rep)  # the first session timed out meanwhile
        page = client.get(reverse("api_token"), HTTP_ACCEPT_LANGUAGE="en").text
        assert "Expired on 2026-05-30 10:00: make a new token." in page
        settings.PRESALES_API_TOKEN_DAYS = 0
        assert "Never expires." in client.get(reverse("api_token"), HTTP_ACCEPT_LANGUAGE="en").text


# --- revocation by the user ---------------------------------------------------------------------


def test_the_user_revokes_his_token_on_the_token_page(settings, client, rep, opportunity):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    token = token_create(user=rep)
    client.force_login(rep)
    page = client.get(reverse("api_token"), HTTP_ACCEPT_LANGUAGE="en").text
    assert 'data-testid="token-revoke"' in page
    response = client.post(reverse("api_token"), {"action": "revoke"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Your API token was revoked: it no longer works." in response.text
    assert "You have no API token yet." in response.text
    assert not Token.objects.filter(user=rep).exists()
    assert answers(token) == 401


def test_revoking_touches_only_the_users_own_token(client, rep, other_rep):
    token_create(user=rep)
    others = token_create(user=other_rep)
    client.force_login(rep)
    client.post(reverse("api_token"), {"action": "revoke"})
    assert Token.objects.get(user=other_rep) == others


def test_an_unknown_action_on_the_token_page_is_refused(client, rep):
    token = token_create(user=rep)
    client.force_login(rep)
    assert client.post(reverse("api_token"), {"action": "steal"}).status_code == 400
    assert Token.objects.get(user=rep) == token


# --- every way of changing the password revokes the token --------------------------------------


def test_the_password_change_page_revokes_the_token(client, rep, opportunity):
    token = token_create(user=rep)
    client.force_login(rep)
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not Token.objects.filter(user=rep).exists()
    assert answers(token) == 401


def test_the_admins_password_form_revokes_the_token(client, admin_user, rep):
    token_create(user=rep)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[rep.pk]),
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.check_password(NEW_PASSWORD)
    assert not Token.objects.filter(user=rep).exists()


def test_disabling_password_log_in_in_the_admin_revokes_the_token(client, admin_user, rep):
    token_create(user=rep)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[rep.pk]), {"usable_password": "false", "unset-password": "1"}
    )
    assert response.status_code == 302
    rep.refresh_from_db()
    assert not rep.has_usable_password()
    assert not Token.objects.filter(user=rep).exists()


def test_manage_py_changepassword_revokes_the_token(monkeypatch, rep):
    from django.contrib.auth.management.commands import changepassword

    token_create(user=rep)
    # The command asks twice on the terminal; these are the two answers typed.
    monkeypatch.setattr(changepassword.Command, "_get_pass", lambda self, prompt="": NEW_PASSWORD)
    call_command("changepassword", rep.username, stdout=None)
    rep.refresh_from_db()
    assert rep.check_password(NEW_PASSWORD)
    assert not Token.objects.filter(user=rep).exists()


def test_set_password_in_code_revokes_the_token_on_save(rep):
    token_create(user=rep)
    rep.set_password(NEW_PASSWORD)
    assert Token.objects.filter(user=rep).exists()  # nothing happens before the save
    rep.save()
    assert not Token.objects.filter(user=rep).exists()


def test_saving_other_fields_keeps_the_token(client, admin_user, rep):
    token = token_create(user=rep)
    rep.title = "高级销售经理"
    rep.save()
    rep.last_login = timezone.now()
    rep.save(update_fields=["last_login"])
    assert Token.objects.get(user=rep) == token


def test_the_log_in_rehash_of_an_unchanged_password_keeps_the_token(settings, client, rep):
    """Django re-hashes a password at log-in when a stronger hasher is configured: not a change."""
    token = token_create(user=rep)
    old_hash = rep.password
    settings.PASSWORD_HASHERS = [
        "presales.api.tests.test_tokens.QuickPBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    response = client.post(reverse("login"), {"username": rep.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.password != old_hash and rep.password.startswith("pbkdf2_sha256$1000$")
    assert Token.objects.get(user=rep) == token


@pytest.mark.parametrize("days", [90, 0])
def test_a_new_token_after_a_password_change_works(settings, days, client, rep, opportunity):
    settings.PRESALES_API_TOKEN_DAYS = days
    token_create(user=rep)
    rep.set_password(NEW_PASSWORD)
    rep.save()
    client.force_login(rep)
    client.post(reverse("api_token"))
    assert answers(Token.objects.get(user=rep)) == 200


def test_a_save_that_does_not_store_the_password_keeps_the_token(rep):
    token_create(user=rep)
    rep.set_password("Xin-Mima-2026!")
    rep.save(update_fields=["full_name"])  # the new password is not stored: nothing changed
    assert Token.objects.filter(user=rep).exists()
    rep.save()
    assert not Token.objects.filter(user=rep).exists()


@pytest.mark.parametrize("path", ["/api/", "/api/nothing-here", "/api/v2/anything/"])
def test_any_other_api_address_answers_a_json_404(client, rep, path):
    client.force_login(rep)
    response = client.post(path, {})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
