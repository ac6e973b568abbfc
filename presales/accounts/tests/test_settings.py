"""Production settings: `check --deploy` is clean, a secret key is required, and pages carry a
Content Security Policy that their scripts satisfy."""

from __future__ import annotations

import os
import re
import secrets
import string
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)


def production_env(**overrides) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    alphabet = string.ascii_letters + string.digits + string.punctuation.replace("'", "").replace('"', "")
    env.update(
        DJANGO_SETTINGS_MODULE="presales.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        DJANGO_ALLOWED_HOSTS="presales.example.com",
        EMAIL_HOST="smtp.example.com",  # production e-mails notifications (the console back-end fails the check)
    )
    if "DATABASE_URL" in os.environ:  # same database engine as this test run
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- deployment checks ----------------------------------------------------------------------------


def test_check_deploy_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_on_a_weak_secret_key():
    """The check above can fail: the same command with a short key is refused."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(DJANGO_SECRET_KEY="short"))
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_settings_refuse_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_settings_refuse_an_empty_secret_key():
    result = manage("check", env=production_env(DJANGO_SECRET_KEY=""))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_are_hardened():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS > 0, s.ALLOWED_HOSTS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=production_env(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True True True True ['presales.example.com']"


def test_development_runs_without_a_secret_key():
    env = production_env(DJANGO_DEBUG="true")
    del env["DJANGO_SECRET_KEY"]
    assert manage("check", env=env).returncode == 0


# --- Content Security Policy -----------------------------------------------------------------------


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.handlers: list[tuple[str, str]] = []
        self.styles: list[str] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, _value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
        if "style" in attributes:
            self.styles.append(tag)
        if tag == "script":
            self._in_script = {**attributes, "_body": ""}
            self.scripts.append(self._in_script)
        if tag == "a" and (attributes.get("href") or "").strip().lower().startswith("javascript:"):
            self.handlers.append((tag, "href=javascript:"))

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script["_body"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def csp_of(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    policy = {}
    for directive in header.split(";"):
        parts = directive.split()
        if parts:
            policy[parts[0]] = parts[1:]
    return policy


def assert_scripts_obey_the_policy(response) -> None:
    policy = csp_of(response)
    script_src = policy.get("script-src") or policy.get("default-src")
    assert script_src, policy
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    nonces = [re.fullmatch(r"'nonce-(.+)'", s).group(1) for s in script_src if s.startswith("'nonce-")]
    assert len(nonces) == 1, script_src
    tags = Tags()
    tags.feed(response.content.decode())
    assert tags.scripts, "expected the page's scripts"
    for script in tags.scripts:
        if script.get("src"):
            assert script["src"].startswith("/static/"), script  # own origin, no CDN
        assert script.get("nonce") == nonces[0], f"script without the page's nonce: {script}"
    assert tags.handlers == [], "inline event handlers are blocked by the policy"
    assert tags.styles == [], "inline style attributes are blocked by style-src 'self'"


def test_csp_header_on_the_login_page(client, db):
    response = client.get(reverse("login"))
    policy = csp_of(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert_scripts_obey_the_policy(response)


def test_each_response_gets_a_fresh_nonce(client, db):
    first = csp_of(client.get(reverse("login")))["script-src"]
    second = csp_of(client.get(reverse("login")))["script-src"]
    assert first != second


@pytest.mark.parametrize(
    "page",
    [
        lambda o: reverse("home"),
        lambda o: reverse("customers:list"),
        lambda o: reverse("customers:detail", args=[o.customer_id]),
        lambda o: reverse("customers:edit", args=[o.customer_id]),
        lambda o: reverse("customers:import"),
        lambda o: reverse("opportunities:list"),
        lambda o: reverse("opportunities:board"),
        lambda o: reverse("opportunities:detail", args=[o.pk]),
        lambda o: reverse("password_change"),
    ],
)
def test_app_pages_carry_the_policy_and_only_nonced_scripts(client, rep, opportunity, page):
    client.force_login(rep)
    response = client.get(page(opportunity))
    assert response.status_code == 200
    assert_scripts_obey_the_policy(response)
