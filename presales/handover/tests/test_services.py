from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from presales.approvals.models import Approval, StepStatus
from presales.handover import services
from presales.handover.models import AcceptanceStatus, HandoverChecklistItem
from presales.lib.services import ServiceError
from presales.opportunities.services import gate_missing
from presales.solutions.tests.conftest import doc
from presales.testing import decide_pending, walk_to


def acceptance_missing() -> set[str]:
    return {
        gettext(t) % {"name": "项目验收报告"}
        for t in (
            "Deliverable missing: 《%(name)s》",
            "Deliverable awaiting approval: 《%(name)s》",
            "Deliverable still a draft: 《%(name)s》",
        )
    }


def test_handover_refused_before_implementation(opportunity, manager):
    with pytest.raises(ServiceError) as exc:
        services.handover_start(opportunity=opportunity, user=manager)
    assert opportunity.current_stage.name in exc.value.messages[0]


@pytest.fixture
def in_implementation(opportunity, engineer, manager):
    return walk_to(opportunity, "implementation", worker=engineer, approver=manager)


def test_handover_gets_the_default_checklist_and_only_lead_or_manager_starts(in_implementation, rep, engineer):
    with pytest.raises(PermissionDenied):
        services.handover_start(opportunity=in_implementation, user=rep)
    handover = services.handover_start(opportunity=in_implementation, user=engineer)
    names = list(HandoverChecklistItem.objects.filter(handover=handover).values_list("name", flat=True))
    assert "《解决方案》" in names and "技术偏差表" in names and "施工组织计划与施工方案" in names
    with pytest.raises(ServiceError):
        services.handover_start(opportunity=in_implementation, user=engineer)


def test_acceptance_report_sequential_approval_satisfies_implementation(
    in_implementation, engineer, manager, sales_head
):
    handover = services.handover_start(opportunity=in_implementation, user=manager)
    report = services.acceptance_save(handover=handover, user=engineer, data={"summary": "系统运行正常"})
    with pytest.raises(ServiceError) as exc:
        services.acceptance_submit(report=report, user=engineer)
    assert len(exc.value.messages) == 2  # date and signed file missing
    report = services.acceptance_save(
        handover=handover, user=engineer, data={"accepted_on": date(2026, 9, 1)}, file=doc("验收报告.pdf")
    )
    assert acceptance_missing() & set(gate_missing(in_implementation))
    services.acceptance_submit(report=report, user=engineer)
    approval = Approval.objects.for_target(report).get()
    assert [(s.order, s.status) for s in approval.steps.order_by("order")] == [
        (1, StepStatus.PENDING),
        (2, StepStatus.WAITING),
    ]
    with pytest.raises(ServiceError):  # the sales head's step has not started
        decide_pending(report, sales_head)
    decide_pending(report, manager)
    report.refresh_from_db()
    assert report.status == AcceptanceStatus.SUBMITTED
    decide_pending(report, sales_head)
    report.refresh_from_db()
    assert report.status == AcceptanceStatus.APPROVED
    assert not acceptance_missing() & set(gate_missing(in_implementation))


def test_rejected_acceptance_report_returns_with_reasons(in_implementation, engineer, manager, sales_head):
    handover = services.handover_start(opportunity=in_implementation, user=manager)
    report = services.acceptance_save(
        handover=handover, user=engineer, data={"accepted_on": date(2026, 9, 1)}, file=doc("验收报告.pdf")
    )
    services.acceptance_submit(report=report, user=engineer)
    decide_pending(report, manager, approve=False, comment="缺少客户签章")
    report.refresh_from_db()
    assert report.status == AcceptanceStatus.RETURNED and "客户签章" in report.return_reasons


def test_visits_and_checklist(in_implementation, engineer, manager, finance):
    handover = services.handover_start(opportunity=in_implementation, user=manager)
    item = handover.checklist.first()
    services.checklist_set(item=item, user=engineer, handed_over=True, note="纸质版两份")
    item.refresh_from_db()
    assert item.handed_over and item.note == "纸质版两份"
    with pytest.raises(PermissionDenied):
        services.checklist_set(item=item, user=finance, handed_over=False)
    visit = services.visit_add(
        handover=handover,
        user=engineer,
        data={"visited_on": date(2026, 8, 1), "engineer": engineer, "place": "现场", "work_done": "调试", "hours": 4},
    )
    assert visit.pk and handover.visits.count() == 1
