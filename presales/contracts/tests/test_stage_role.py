"""Contracts are drafted in the stage with the implementation role, whatever it is called."""

from __future__ import annotations

import pytest
from django.urls import reverse

from presales.contracts import selectors
from presales.contracts.models import Contract
from presales.contracts.tests.conftest import draft
from presales.lib.services import ServiceError
from presales.opportunities.models import StageRole


def rename_in_admin(stage) -> None:
    stage.code, stage.name = "delivery", "履约交付"
    stage.save()


def test_renamed_implementation_stage_still_allows_contracts(won, rep, quote_version):
    rename_in_admin(won.current_stage)
    won.refresh_from_db()
    assert selectors.for_opportunity(won, rep)["can_create"]
    contract = draft(won, rep, quote_version=quote_version)
    assert contract.opportunity == won


def test_template_without_implementation_role_refuses_clearly(won, rep):
    won.current_stage.role = StageRole.NONE
    won.current_stage.save()
    won.refresh_from_db()
    assert not selectors.for_opportunity(won, rep)["can_create"]
    with pytest.raises(ServiceError) as exc:
        draft(won, rep)
    assert "has no stage with the role" in exc.value.messages[0]


def test_create_page_without_implementation_role_is_a_refusal_not_an_error(won, rep, client):
    won.current_stage.role = StageRole.NONE
    won.current_stage.save()
    client.force_login(rep)
    url = reverse("contracts:create") + f"?opportunity={won.pk}"
    response = client.post(url, {"kind": "sales", "payment_terms": "x", "party_b": "本公司"})
    assert response.status_code == 200
    assert "has no stage with the role" in response.content.decode()
    assert not Contract.objects.exists()
