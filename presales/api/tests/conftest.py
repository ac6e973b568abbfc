"""Shared by the API tests: an API client that asks for English answers (messages are asserted
by their msgids; the Chinese catalogue is tested apart) and a clean django-axes state."""

from __future__ import annotations

import axes.utils
import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api(settings):
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    return client


@pytest.fixture(autouse=True)
def clean_axes(db):
    axes.utils.reset()
    yield
    axes.utils.reset()


def token_client(token) -> APIClient:
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # a token's request: the browser's language (no session)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
