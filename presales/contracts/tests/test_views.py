"""Pages, permissions, cost hiding per role, the API and the list's query count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from presales.contracts import selectors, services
from presales.contracts.models import Contract, ContractStatus
from presales.contracts.tests.conftest import pdf
from presales.testing import decide_pending, make_user

COST_MARKERS = [b'data-testid="actual-costs"', b'data-testid="final-profit"', b"700,000", b"Actual cost"]


@pytest.fixture
def with_cost(contract, finance):
    services.cost_add(
        contract=contract,
        user=finance,
        data={"category": "equipment", "amount": Decimal("654321.00"), "incurred_on": date(2026, 2, 1)},
    )
    return contract


def test_create_page_refuses_outside_implementation(opportunity, rep, client):
    client.force_login(rep)
    url = reverse("contracts:create") + f"?opportunity={opportunity.pk}"
    response = client.get(url)
    assert response.status_code == 200
    assert "this opportunity is in “接触”" in response.content.decode()
    response = client.post(url, {"kind": "sales", "payment_terms": "x", "party_b": "本公司"})
    assert response.status_code == 200
    assert "this opportunity is in “接触”" in response.content.decode()
    assert not Contract.objects.exists()


def test_create_page_prefills_our_company_from_the_setting(won, rep, client, settings):
    settings.PRESALES_COMPANY_NAME = "华辰能源科技股份有限公司"
    client.force_login(rep)
    response = client.get(reverse("contracts:create") + f"?opportunity={won.pk}")
    assert response.context["form"].initial["party_b"] == "华辰能源科技股份有限公司"


def test_create_page_prefills_from_approved_quote_and_creates(won, rep, quote_version, client):
    client.force_login(rep)
    url = reverse("contracts:create") + f"?opportunity={won.pk}"
    response = client.get(url)
    form = response.context["form"]
    assert form.initial["quote_version"] == quote_version
    assert form.initial["amount"] == Decimal("1000000.00")
    response = client.post(
        url,
        {
            "kind": "purchase",
            "title": "园区安防采购合同",
            "quote_version": quote_version.pk,
            "party_a": won.customer.name,
            "party_b": "本公司",
            "amount": "",
            "payment_terms": "3-6-1",
            "draft_file": pdf(),
        },
    )
    contract = Contract.objects.get()
    assert response.status_code == 302 and response.url == reverse("contracts:detail", args=[contract.pk])
    assert contract.amount == Decimal("1000000.00")
    assert contract.files.count() == 1


def test_permissions(won, contract, other_rep, engineer, client):
    client.force_login(other_rep)
    assert client.get(reverse("contracts:detail", args=[contract.pk])).status_code == 404
    assert client.get(reverse("contracts:create") + f"?opportunity={won.pk}").status_code == 404
    file = contract.files.get()
    assert client.get(reverse("contracts:file_download", args=[file.pk])).status_code == 404
    client.force_login(engineer)  # presales lead: sees it, may not draft
    assert client.get(reverse("contracts:detail", args=[contract.pk])).status_code == 200
    assert client.get(reverse("contracts:create") + f"?opportunity={won.pk}").status_code == 403
    assert client.get(reverse("contracts:edit", args=[contract.pk])).status_code == 403
    response = client.get(reverse("contracts:file_download", args=[file.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 contract"


def test_general_manager_sees_every_contract_and_changes_none(won, contract, general_manager, client):
    """contracts.access: he sees every contract (opportunities_visible_to) and its profit
    (can_see_cost), but drafts, edits, submits, signs and enters costs for none (can_draft and
    can_enter_costs name commercial, finance, the sales owner and managers)."""
    client.force_login(general_manager)
    assert client.get(reverse("contracts:list")).context["total"] == 1
    assert client.get(reverse("contracts:detail", args=[contract.pk])).status_code == 200
    assert client.get(reverse("contracts:costs_export", args=[contract.pk])).status_code == 200
    assert client.get(reverse("contracts:create") + f"?opportunity={won.pk}").status_code == 403
    assert client.get(reverse("contracts:edit", args=[contract.pk])).status_code == 403
    assert client.post(reverse("contracts:submit", args=[contract.pk]), {"note": "请审核"}).status_code == 403
    assert client.post(reverse("contracts:sign", args=[contract.pk]), {"signed_on": "2026-01-05"}).status_code == 403
    cost = {"category": "travel", "amount": "3000.00", "incurred_on": "2026-02-05"}
    assert client.post(reverse("contracts:cost_add", args=[contract.pk]), cost).status_code == 403
    assert client.get(reverse("contracts:costs_import", args=[contract.pk])).status_code == 403
    contract.refresh_from_db()
    assert contract.status == ContractStatus.DRAFT and not contract.actual_costs.exists()


def test_costs_hidden_from_rep_on_page_card_export_and_api(
    with_cost, rep, engineer, commercial, finance, general_manager, client
):
    contract = with_cost
    url = reverse("contracts:detail", args=[contract.pk])
    for user in (rep, engineer):
        client.force_login(user)
        content = client.get(url).content
        assert b"654,321" not in content and b"654321" not in content
        for marker in COST_MARKERS:
            assert marker not in content
        assert b"1,000,000.00" in content  # the contract amount is not a cost
        assert client.get(reverse("contracts:costs_export", args=[contract.pk])).status_code == 403
        card = render_to_string(
            "contracts/_opportunity_section.html",
            {"contracts_section": selectors.for_opportunity(contract.opportunity, user)},
        )
        assert "final-profit" not in card and "654,321" not in card and 'data-testid="contract-item"' in card
        api = APIClient()
        api.force_authenticate(user)
        row = api.get("/api/v1/contracts/").json()["results"][0]
        assert row["amount"] == "1000000.00"
        assert not {"actual_cost", "profit", "margin", "planned_cost", "planned_margin", "costs_complete"} & set(row)
    for user in (commercial, finance, general_manager):
        client.force_login(user)
        content = client.get(url).content
        assert b'data-testid="final-profit"' in content and b"654,321.00" in content
        export = client.get(reverse("contracts:costs_export", args=[contract.pk]))
        assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
        card = render_to_string(
            "contracts/_opportunity_section.html",
            {"contracts_section": selectors.for_opportunity(contract.opportunity, user)},
        )
        assert 'data-testid="final-profit"' in card and "345,679.00" in card
        api = APIClient()
        api.force_authenticate(user)
        row = api.get("/api/v1/contracts/").json()["results"][0]
        assert (row["actual_cost"], row["profit"], row["margin"]) == ("654321.00", "345679.00", "34.57")
        assert row["planned_margin"] == "30.00"
        assert row["costs_complete"] is False  # the profit is provisional


def test_api_only_visible_contracts(contract, other_rep):
    api = APIClient()
    api.force_authenticate(other_rep)
    assert api.get("/api/v1/contracts/").json()["count"] == 0
    assert api.get(f"/api/v1/contracts/{contract.pk}/").status_code == 404


def test_stale_edit_is_refused_keeping_input(contract, rep, manager, client):
    url = reverse("contracts:edit", args=[contract.pk])
    client.force_login(rep)
    seen = client.get(url).context["form"]["version"].value()
    services.contract_update(contract=contract, user=manager, data={"title": "经理改过的标题"}, seen_version=seen)
    data = {
        "version": seen,
        "kind": contract.kind,
        "number": contract.number,
        "title": "我的新标题",
        "party_a": contract.party_a,
        "party_b": contract.party_b,
        "amount": "990000.00",
        "payment_terms": contract.payment_terms,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Changed by 陈主管" in content
    assert 'value="我的新标题"' in content
    contract.refresh_from_db()
    assert contract.title == "经理改过的标题"
    assert response.context["form"].data["version"] == contract.version
    data["version"] = contract.version  # "save again" after checking goes through
    assert client.post(url, data).status_code == 302
    contract.refresh_from_db()
    assert (contract.title, contract.amount) == ("我的新标题", Decimal("990000.00"))


def test_detail_shows_return_reasons_and_review_panel(contract, rep, service_mgmt, client):
    client.force_login(rep)
    response = client.post(reverse("contracts:submit", args=[contract.pk]), {"note": "请审核"})
    assert response.status_code == 302
    decide_pending(contract, service_mgmt, approve=False, comment="付款条件不符合公司规定")
    content = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert 'data-testid="return-reasons"' in content and "付款条件不符合公司规定" in content
    assert 'data-testid="approval-panel"' in content


def test_sign_through_page(contract, rep, service_mgmt, commercial, finance, client):
    services.contract_submit(contract=contract, user=rep)
    for person in (service_mgmt, commercial, finance):
        decide_pending(contract, person)
    client.force_login(rep)
    url = reverse("contracts:detail", args=[contract.pk])
    assert b'data-testid="sign-form"' in client.get(url).content
    response = client.post(reverse("contracts:sign", args=[contract.pk]), {"signed_on": "2026-01-05"})
    assert response.status_code == 200  # the file is missing: re-rendered with the date kept
    assert 'value="2026-01-05"' in response.content.decode()
    response = client.post(
        reverse("contracts:sign", args=[contract.pk]), {"signed_on": "2026-01-05", "file": pdf("签字版.pdf")}
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED


def _bulk_contracts(opportunity, user, n, start):
    Contract.objects.bulk_create(
        [
            Contract(
                opportunity=opportunity,
                kind="purchase",
                number=f"HT-BULK-{start + i}",
                title=f"合同{i}",
                party_a="客户",
                amount=Decimal("1000"),
                created_by=user,
            )
            for i in range(n)
        ]
    )


def test_list_query_count_is_fixed(won, rep, client):
    client.force_login(rep)
    _bulk_contracts(won, rep, 5, 0)
    url = reverse("contracts:list")
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.context["total"] == 5
    _bulk_contracts(won, rep, 60, 100)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["total"] == 65
    assert len(response.context["page"]) == 50
    assert len(few) == len(many)
    assert len(many) <= 14


def test_list_hides_other_reps_contracts(contract, other_rep, rep, client):
    client.force_login(other_rep)
    assert client.get(reverse("contracts:list")).context["total"] == 0
    client.force_login(rep)
    assert client.get(reverse("contracts:list")).context["total"] == 1
    make_user("someone")
