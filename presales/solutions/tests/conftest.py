"""Builders for the solutions tests: they go through the services, as users would."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from presales.solutions import services
from presales.testing import file_content


def doc(name: str = "方案.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, file_content(name, "解决方案"))


def add_version(solution, user, *, reason: str = "", name: str = "方案.docx"):
    data = {
        "summary": "园区视频监控整体方案",
        "main_equipment": "海康 DS-2CD 系列摄像机 × 120",
        "cost_low": Decimal("800000"),
        "cost_high": Decimal("950000"),
        "change_reason": reason,
    }
    return services.version_create(solution=solution, user=user, data=data, file=doc(name))


def review_data(chair, **overrides) -> dict:
    data = {"chair": chair, "held_on": date(2026, 3, 2), "place": "3号会议室", "minutes": "评审通过"}
    data["conclusion"] = "pass"
    for name in ("feasibility", "advancement", "equipment_selection", "cost_range"):
        data[f"{name}_rating"] = 4
        data[f"{name}_comment"] = f"{name} 良好"
    data.update(overrides)
    return data


def pass_review(version, chair, user=None):
    return services.review_record(version=version, user=user or chair, data=review_data(chair), attendees=[chair])


@pytest.fixture
def solution(opportunity, engineer):
    return services.solution_create(
        user=engineer,
        opportunity=opportunity,
        data={"title": "园区安防解决方案", "scope": "视频监控、门禁", "due_date": date(2026, 3, 31)},
        designers=[engineer],
        team=[opportunity.sales_owner],
    )


@pytest.fixture
def signers(manager, sales_head, commercial):
    return manager, sales_head, commercial


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
