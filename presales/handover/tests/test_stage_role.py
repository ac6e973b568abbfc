"""The handover starts in the stage with the implementation role, whatever it is called."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from presales.handover import selectors, services
from presales.handover.models import Handover
from presales.lib.services import ServiceError
from presales.opportunities.models import StageRole
from presales.testing import walk_to


@pytest.fixture
def in_implementation(opportunity, engineer, manager):
    return walk_to(opportunity, "implementation", worker=engineer, approver=manager)


def test_renamed_implementation_stage_still_allows_handover(in_implementation, manager, client):
    stage = in_implementation.current_stage
    stage.code, stage.name = "delivery", "履约交付"
    stage.save()
    in_implementation.refresh_from_db()
    assert selectors.for_opportunity(in_implementation, manager)["can_start_handover"]
    client.force_login(manager)
    client.post(reverse("handover:start", args=[in_implementation.pk]))
    assert Handover.objects.filter(opportunity=in_implementation).exists()


def test_template_without_implementation_role_refuses_clearly(settings, in_implementation, manager, client):
    stage = in_implementation.current_stage
    stage.role = StageRole.NONE
    stage.save()
    in_implementation.refresh_from_db()
    assert selectors.for_opportunity(in_implementation, manager) is None  # no card: nothing to start
    with translation.override("en"), pytest.raises(ServiceError) as exc:
        services.handover_start(opportunity=in_implementation, user=manager)
    assert "has no stage with the role" in exc.value.messages[0]
    client.force_login(manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    response = client.post(reverse("handover:start", args=[in_implementation.pk]), follow=True)
    assert response.status_code == 200
    assert "has no stage with the role" in response.text
    assert not Handover.objects.exists()
