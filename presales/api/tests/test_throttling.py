"""Throttles: a signed-in user, anonymous callers and POST /api/token/ each have a rate; over
it the answer is 429 with Retry-After. A wrong password at /api/token/ counts toward the same
django-axes lock-out as the log-in page."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

from presales.api.apps import check_throttle_rates
from presales.api.tests.conftest import token_client
from presales.testing import TEST_PASSWORD


@pytest.fixture
def rates(settings):
    """Small rates for one test (the rest of REST_FRAMEWORK unchanged)."""

    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **django_settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
        }

    return set_rates


def test_throttles_are_enabled_with_rates_for_each_scope():
    rest = django_settings.REST_FRAMEWORK
    assert rest["DEFAULT_THROTTLE_CLASSES"] == [
        "presales.api.throttling.UserRateThrottle",
        "presales.api.throttling.AnonRateThrottle",
    ]
    assert set(rest["DEFAULT_THROTTLE_RATES"]) == {"user", "anon", "token"}


def test_a_user_over_his_rate_gets_429_with_retry_after(rates, rep, opportunity):
    rates(user="3/minute")
    client = token_client(Token.objects.create(user=rep))
    assert [client.get("/api/v1/opportunities/").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/api/v1/opportunities/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"]


def test_each_user_has_his_own_count(rates, rep, other_rep, opportunity):
    rates(user="2/minute")
    first = token_client(Token.objects.create(user=rep))
    second = token_client(Token.objects.create(user=other_rep))
    for _ in range(2):
        assert first.get("/api/v1/opportunities/").status_code == 200
    assert first.get("/api/v1/opportunities/").status_code == 429
    assert second.get("/api/v1/opportunities/").status_code == 200


def test_token_requests_have_a_stricter_rate_of_their_own(rates, api, rep):
    rates(token="2/minute", anon="100/minute")
    form = {"username": rep.username, "password": TEST_PASSWORD}
    assert [api.post(reverse("api:token"), form).status_code for _ in range(2)] == [200, 200]
    response = api.post(reverse("api:token"), form)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_a_stale_token_header_does_not_stop_asking_for_a_new_token(api, rep):
    api.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    response = api.post(reverse("api:token"), {"username": rep.username, "password": TEST_PASSWORD})
    assert response.status_code == 200


def test_wrong_passwords_at_the_token_endpoint_lock_the_user_name_out(api, client, rep, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        response = api.post(reverse("api:token"), {"username": rep.username, "password": "wrong"})
        assert response.status_code == 400
    response = api.post(reverse("api:token"), {"username": rep.username, "password": "wrong"})
    assert response.status_code == 429
    assert AccessAttempt.objects.get(username=rep.username).failures_since_start == 3
    # Locked now: the right password gets no token, and says why …
    response = api.post(reverse("api:token"), {"username": rep.username, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.json()["detail"]
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME * 3600
    assert not Token.objects.filter(user=rep).exists()
    # … and the log-in page is locked for the same user name too.
    response = client.post(reverse("login"), {"username": rep.username, "password": TEST_PASSWORD})
    assert response.status_code == 429


def test_a_mistyped_rate_is_reported_at_start_up(rates):
    rates(user="600/minutes", token="ten per minute")
    errors = check_throttle_rates()
    assert [error.id for error in errors] == ["presales.api.E001"]
    assert "'token'" in errors[0].msg
    rates(token="10/minute")
    assert check_throttle_rates() == []


def test_a_rate_of_zero_would_refuse_every_request_and_is_reported(rates):
    rates(token="0/minute")
    assert [error.id for error in check_throttle_rates()] == ["presales.api.E001"]
