"""A change to an approved entry goes through the approvals engine: the category's owner
approves it (then it is applied) or rejects it (returned with the reasons); the entry keeps
its approved text meanwhile."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from presales.answers import services
from presales.answers.models import AnswerChange, AnswerEntry, ChangeStatus
from presales.approvals.models import Approval, ApprovalAssignment
from presales.approvals.services import approval_withdraw
from presales.lib.services import ServiceError
from presales.testing import decide_pending


@pytest.fixture
def approved(make_entry, keeper):
    return make_entry(approve_by=keeper, tags=["效率"])


def test_change_asks_the_category_owner_and_keeps_the_text(approved, engineer, keeper, manager):
    change = services.entry_update(
        user=engineer, entry=approved, data={"answer": "效率≥96%", "tags": ["效率", "新"]}, note="新批次"
    )
    assert isinstance(change, AnswerChange) and change.status == ChangeStatus.PENDING
    assert change.data == {"answer": "效率≥96%", "tags": ["效率", "新"]}
    approved.refresh_from_db()
    assert approved.answer == "整流模块效率≥95%"  # unchanged until approved
    assert list(approved.tags.values_list("name", flat=True)) == ["效率"]
    approval = Approval.objects.for_target(change).get()
    assert [a.approver for a in ApprovalAssignment.objects.filter(step__approval=approval)] == [keeper]
    with pytest.raises(ServiceError, match="already awaiting"):
        services.entry_update(user=engineer, entry=approved, data={"answer": "效率≥97%"})
    decide_pending(change, keeper)
    change.refresh_from_db()
    approved.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert approved.answer == "效率≥96%" and approved.version == 2
    assert sorted(approved.tags.values_list("name", flat=True)) == ["效率", "新"]


def test_rejected_change_is_returned_with_reasons(approved, engineer, keeper):
    change = services.entry_update(user=engineer, entry=approved, data={"answer": "效率≥99%"})
    decide_pending(change, keeper, approve=False, comment="没有型式试验数据")
    change.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED and "型式试验" in change.reasons
    assert AnswerEntry.objects.get(pk=approved.pk).answer == "整流模块效率≥95%"


def test_withdrawn_change(approved, engineer):
    change = services.entry_update(user=engineer, entry=approved, data={"answer": "效率≥99%"})
    approval_withdraw(approval=Approval.objects.for_target(change).get(), user=engineer)
    change.refresh_from_db()
    assert change.status == ChangeStatus.WITHDRAWN


def test_owner_proposing_himself_goes_to_the_managers(approved, keeper, manager):
    change = services.entry_update(user=keeper, entry=approved, data={"deviation_note": "说明"})
    approval = Approval.objects.for_target(change).get()
    assert approval.template.code == "answer_change"
    assert manager in [a.approver for a in ApprovalAssignment.objects.filter(step__approval=approval)]


def test_nothing_changed_and_bad_values_are_refused(approved, engineer):
    with pytest.raises(ServiceError, match="Nothing"):
        services.entry_update(user=engineer, entry=approved, data={"answer": approved.answer})
    with pytest.raises(ServiceError):
        services.entry_update(user=engineer, entry=approved, data={"answer": "  "})
    assert not AnswerChange.objects.exists()


def test_sales_rep_cannot_propose(approved, rep):
    with pytest.raises(PermissionDenied):
        services.entry_update(user=rep, entry=approved, data={"answer": "x"})


def test_retire_waits_for_a_pending_change(approved, engineer, keeper):
    services.entry_update(user=engineer, entry=approved, data={"answer": "效率≥99%"})
    with pytest.raises(ServiceError, match="awaiting approval"):
        services.entry_retire(user=keeper, entry=approved)
