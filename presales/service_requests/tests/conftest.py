from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from presales.service_requests import services


def file_request(user, *, opportunity=None, customer=None, **extra):
    data = {
        "opportunity": opportunity,
        "customer": customer,
        "request_type": extra.pop("request_type", "solution_design"),
        "title": extra.pop("title", "安防方案设计"),
        "content": extra.pop("content", "为客户设计视频监控方案"),
        "contact_name": "张主任",
        "contact_phone": "13800000000",
        "site_address": "杭州市西湖区",
        "wanted_by": extra.pop("wanted_by", timezone.localdate() + timedelta(days=7)),
        "priority": extra.pop("priority", "normal"),
        **extra,
    }
    return services.request_create(user=user, data=data)


@pytest.fixture
def sr(rep, opportunity, manager):
    """A submitted request of `rep` on his opportunity (manager exists to be notified)."""
    return file_request(rep, opportunity=opportunity)


@pytest.fixture
def assigned(sr, manager, engineer):
    return services.request_assign(request=sr, user=manager, engineer=engineer, estimated_hours=8)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); the Chinese catalogue is tested apart."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(settings, client):
    """Pages in English too (LocaleMiddleware follows the browser's Accept-Language)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    return client
