"""One quote as the source of truth: a version of the opportunity's quote submitted to price
review (or approved, where the deliverable type says so) is 咨询's 《项目报价清单》 — recorded by
the quotes app through the opportunities' service, as the PCST-approved bid price is for
投标 — and an upload stays possible for a quote made outside the workbench."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from presales.approvals.models import Approval
from presales.approvals.services import approval_withdraw
from presales.lib.services import GateBlocked, ServiceError
from presales.opportunities import services as opportunity_services
from presales.opportunities.models import (
    Deliverable,
    DeliverableStatus,
    DeliverableType,
    Opportunity,
    OpportunityTask,
    SatisfiedByQuote,
)
from presales.quotes import services
from presales.quotes.tests.conftest import add_line
from presales.testing import decide_pending, walk_to

QUOTE_LIST = "项目报价清单"


@pytest.fixture
def in_consulting(opportunity, engineer, manager):
    """The opportunity in 咨询 with every exit criterion met but 《项目报价清单》."""
    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager)
    stage = opportunity.current_stage
    for task in OpportunityTask.objects.filter(opportunity=opportunity, stage=stage, required=True):
        opportunity_services.task_set_done(task=task, user=engineer, done=True)
    for dtype in stage.deliverable_types.filter(required=True).exclude(name=QUOTE_LIST):
        if dtype.fulfilled_by:
            opportunity_services.deliverable_record_approved(
                opportunity=opportunity,
                user=engineer,
                fulfilled_by=dtype.fulfilled_by,
                title=dtype.name,
                source_url="/",
            )
        else:
            deliverable = opportunity_services.deliverable_submit(
                opportunity=opportunity, user=engineer, deliverable_type=dtype, note="测试"
            )
            if dtype.approval_template_id:
                decide_pending(deliverable, manager)
    return Opportunity.objects.get(pk=opportunity.pk)


@pytest.fixture
def quote_list(in_consulting) -> DeliverableType:
    return DeliverableType.objects.get(stage=in_consulting.current_stage, name=QUOTE_LIST)


@pytest.fixture
def draft(in_consulting, rep, commercial):
    quote = services.quote_create(user=rep, opportunity=in_consulting, title="园区安防报价")
    version = quote.versions.get(number=1)
    add_line(version, commercial, name="网络摄像机", quantity="12", price="9800.00", cost="7000.00")
    add_line(version, commercial, name="安装调试", quantity="3", price="500.00", cost="200.00")
    version.refresh_from_db()
    return version


def test_the_default_templates_quote_list_is_satisfied_by_a_submitted_quote_version(quote_list):
    assert quote_list.satisfied_by_quote == SatisfiedByQuote.SUBMITTED
    assert quote_list.fulfilled_by == ""  # an upload stays possible


def test_the_gate_refuses_with_only_a_draft_and_says_what_is_missing(in_consulting, draft, rep):
    missing = opportunity_services.gate_missing(in_consulting)

    assert len(missing) == 1
    assert "《项目报价清单》" in missing[0]
    assert "submitted to price review" in missing[0] and "a draft does not" in missing[0]
    target = opportunity_services.next_stage(in_consulting)
    with pytest.raises(GateBlocked) as refused:
        opportunity_services.opportunity_advance(opportunity=in_consulting, user=rep, to_stage=target)
    assert any("《项目报价清单》" in message for message in refused.value.messages)


def test_the_gate_passes_with_a_submitted_quote_version_and_no_upload(in_consulting, draft, rep, quote_list):
    services.submit_for_review(version=draft, user=rep, purpose="bid")

    recorded = Deliverable.objects.get(opportunity=in_consulting, deliverable_type=quote_list)
    assert recorded.status == DeliverableStatus.APPROVED
    assert recorded.amount == draft.total_amount
    assert recorded.source_url == reverse("quotes:version", args=[draft.pk])
    assert not recorded.file
    assert opportunity_services.gate_missing(in_consulting) == []
    target = opportunity_services.next_stage(in_consulting)
    moved = opportunity_services.opportunity_advance(opportunity=in_consulting, user=rep, to_stage=target)
    assert moved.opportunity.current_stage.code == "tracking"


def test_a_withdrawn_version_no_longer_counts(in_consulting, draft, rep, quote_list):
    services.submit_for_review(version=draft, user=rep, purpose="bid")
    approval_withdraw(approval=Approval.objects.for_target(draft).pending().get(), user=rep, reason="改价")

    recorded = Deliverable.objects.get(opportunity=in_consulting, deliverable_type=quote_list)
    assert recorded.status == DeliverableStatus.DRAFT
    assert any("《项目报价清单》" in m for m in opportunity_services.gate_missing(in_consulting))
    with pytest.raises(ServiceError, match="submit the quote version again"):
        opportunity_services.deliverable_send_for_approval(deliverable=recorded, user=rep)

    services.submit_for_review(version=draft, user=rep, purpose="bid")  # submitted again: it counts again
    assert opportunity_services.gate_missing(in_consulting) == []


def test_where_the_template_says_approved_a_submitted_version_is_not_enough(
    in_consulting, draft, rep, quote_list, manager, sales_head
):
    quote_list.satisfied_by_quote = SatisfiedByQuote.APPROVED
    quote_list.save()
    services.submit_for_review(version=draft, user=rep, purpose="contract")

    missing = opportunity_services.gate_missing(in_consulting)
    assert len(missing) == 1 and "approved in price review" in missing[0]

    decide_pending(draft, manager)  # margin above 25 %: the presales manager alone decides
    draft.refresh_from_db()
    assert draft.status == "approved"
    assert opportunity_services.gate_missing(in_consulting) == []
    assert Deliverable.objects.filter(opportunity=in_consulting, deliverable_type=quote_list).count() == 1


def test_an_upload_stays_possible_for_a_quote_made_outside(in_consulting, engineer, manager, quote_list):
    uploaded = opportunity_services.deliverable_submit(
        opportunity=in_consulting, user=engineer, deliverable_type=quote_list, note="线下报价：合计¥500,000.00"
    )
    if quote_list.approval_template_id:
        decide_pending(uploaded, manager)

    assert opportunity_services.gate_missing(in_consulting) == []


def test_the_deliverable_row_names_the_version_its_total_and_links_it(
    client, in_consulting, draft, rep, other_rep, quote_list
):
    services.submit_for_review(version=draft, user=rep, purpose="bid")
    recorded = Deliverable.objects.get(opportunity=in_consulting, deliverable_type=quote_list)
    version_url = reverse("quotes:version", args=[draft.pk])
    page = reverse("opportunities:detail", args=[in_consulting.pk])

    client.force_login(rep)
    html = client.get(page).content.decode()
    assert f"{draft.quote.code} v1" in html
    assert f'data-testid="deliverable-amount-{recorded.pk}"' in html
    assert draft.total_amount == Decimal("119100.00")  # 12 × 9,800.00 + 3 × 500.00
    assert "¥119,100.00" in html  # through |money
    assert f'href="{version_url}" data-testid="deliverable-source-{recorded.pk}"' in html
    assert client.get(version_url).status_code == 200

    # who does not see the quote sees neither the row nor the version
    client.force_login(other_rep)
    assert client.get(page).status_code == 404
    assert client.get(version_url).status_code == 404
