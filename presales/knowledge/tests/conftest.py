"""Messages and pages in English (the msgids) in the library's tests."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(settings, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.LANGUAGE_CODE = "en"
    return client
