"""An approval whose opportunity is closed (won, lost, abandoned) is withdrawn with a note,
not left waiting: on closing (the opportunity app's signal, which approvals listens to),
and for the rounds left pending before this existed, by `withdraw_approvals_of_closed`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from presales.approvals import events as approval_events
from presales.approvals.apps import CLOSED_NOTE, _withdraw_approvals_of_closed
from presales.approvals.models import Approval, ApprovalStatus, StepStatus
from presales.approvals.tests.conftest import pending_round, status_of, submit
from presales.approvals.tests.test_inbox import priced_quote
from presales.events.models import Event
from presales.lib.signals import opportunity_closed
from presales.notifications.models import Notification, NotificationKind
from presales.opportunities import services as opportunity_services
from presales.opportunities.models import DeliverableStatus, Opportunity
from presales.quotes.models import VersionStatus
from presales.testing import make_customer, make_opportunity


@pytest.fixture
def waiting(build_template, visit_type, opportunity, engineer, rep, commercial, manager):
    """A visit record and a quote version of the opportunity wait for the manager; a visit
    record of another opportunity too."""
    build_template({"name": "主管审批", "users": [manager]})
    other = make_opportunity(rep, make_customer(rep, "另一客户"), presales_lead=engineer)
    return (
        submit(opportunity, engineer, visit_type),
        priced_quote(opportunity, rep, commercial),
        submit(other, engineer, visit_type),
    )


@pytest.mark.parametrize("status", ["lost", "abandoned"])
def test_closing_withdraws_what_waits_with_a_note_event_and_notice(client, rep, manager, waiting, status):
    deliverable, version, elsewhere = waiting
    rounds = [pending_round(deliverable), pending_round(version)]
    opportunity = Opportunity.objects.get(pk=deliverable.opportunity_id)

    opportunity_services.opportunity_close(
        opportunity=opportunity, user=rep, status=status, reason="客户取消项目", winning_competitor="未知"
    )

    for approval in rounds:
        approval.refresh_from_db()
        assert approval.status == ApprovalStatus.WITHDRAWN and approval.finished_at
        assert approval.note.endswith(CLOSED_NOTE)
        assert not approval.steps.filter(status__in=[StepStatus.PENDING, StepStatus.WAITING]).exists()
    assert status_of(deliverable) == DeliverableStatus.DRAFT
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
    withdrawn = Event.objects.filter(kind=approval_events.WITHDRAWN_CLOSED)
    assert sorted(e.subject_id for e in withdrawn) == sorted(a.pk for a in rounds)
    assert all(e.actor == rep and e.opportunity_id == opportunity.pk for e in withdrawn)
    assert Notification.objects.filter(recipient=manager, kind=NotificationKind.APPROVAL_WITHDRAWN).count() == 2
    assert pending_round(elsewhere).is_pending  # another opportunity's round is untouched

    client.force_login(manager)
    response = client.get(reverse("approvals:inbox"))
    assert [a.step.approval.target_id for a in response.context["page"]] == [elsewhere.pk]


def test_a_refused_close_withdraws_nothing(rep, waiting):
    deliverable, _version, _elsewhere = waiting
    opportunity = Opportunity.objects.get(pk=deliverable.opportunity_id)
    with pytest.raises(Exception):  # noqa: B017 (lost needs the winning competitor)
        opportunity_services.opportunity_close(opportunity=opportunity, user=rep, status="lost", reason="丢单")
    assert pending_round(deliverable).is_pending
    assert not Event.objects.filter(kind=approval_events.WITHDRAWN_CLOSED).exists()


def test_the_command_withdraws_rounds_left_pending_on_closed_opportunities(rep, engineer, waiting):
    deliverable, version, elsewhere = waiting
    # Closed before the engine listened: the rounds were left waiting.
    opportunity_closed.disconnect(dispatch_uid="approvals_withdraw_for_closed")
    try:
        opportunity_services.opportunity_close(
            opportunity=Opportunity.objects.get(pk=deliverable.opportunity_id),
            user=rep,
            status="abandoned",
            reason="客户取消项目",
        )
    finally:
        opportunity_closed.connect(_withdraw_approvals_of_closed, dispatch_uid="approvals_withdraw_for_closed")
    assert pending_round(deliverable).is_pending
    out = StringIO()

    call_command("withdraw_approvals_of_closed", language="en", stdout=out)

    assert "2 approval(s) of 1 closed opportunity(ies) withdrawn" in out.getvalue()
    for target in (deliverable, version):
        approval = Approval.objects.for_target(target).get()
        assert approval.status == ApprovalStatus.WITHDRAWN and approval.note.endswith(CLOSED_NOTE)
    assert pending_round(elsewhere).is_pending
    actors = set(Event.objects.filter(kind=approval_events.WITHDRAWN_CLOSED).values_list("actor", flat=True))
    assert actors == {rep.pk}  # whoever closed the opportunity

    call_command("withdraw_approvals_of_closed", language="en", stdout=out)
    assert Event.objects.filter(kind=approval_events.WITHDRAWN_CLOSED).count() == 2
