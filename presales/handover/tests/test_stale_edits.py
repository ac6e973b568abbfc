"""Two people saving the same handover or acceptance report: the second save, based on an
old copy, is refused with who changed it and keeps what was typed (issue 8; the same check
as the solutions' records, presales/solutions/tests/test_stale_edits.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from presales.handover import services
from presales.handover.models import AcceptanceReport, Handover
from presales.solutions.tests.test_stale_edits import assert_stale_save_refused_then_saved_again
from presales.testing import walk_to


@pytest.fixture
def handover(opportunity, engineer, manager):
    opportunity = walk_to(opportunity, "implementation", worker=engineer, approver=manager)
    return services.handover_start(opportunity=opportunity, user=manager)


def test_handover(handover, engineer, manager):
    assert_stale_save_refused_then_saved_again(
        reverse("handover:edit", args=[handover.pk]),
        manager,
        engineer,
        "notes",
        lambda: Handover.objects.get(pk=handover.pk).notes,
    )


def test_acceptance_report(handover, engineer, manager):
    services.acceptance_save(handover=handover, user=engineer, data={"summary": "初稿"})
    assert_stale_save_refused_then_saved_again(
        reverse("handover:acceptance_edit", args=[handover.pk]),
        manager,
        engineer,
        "summary",
        lambda: AcceptanceReport.objects.get(handover=handover).summary,
    )
