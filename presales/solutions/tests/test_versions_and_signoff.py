from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from presales.approvals.models import Approval, ApprovalStatus
from presales.lib.services import ServiceError
from presales.opportunities.models import Deliverable, DeliverableStatus
from presales.opportunities.services import gate_missing
from presales.solutions import services
from presales.solutions.models import SolutionStatus, VersionStatus
from presales.solutions.tests.conftest import add_version, doc, pass_review, review_data
from presales.testing import decide_pending, make_user, walk_to


def solution_gate_messages() -> list[str]:
    """What the gate says while 《解决方案》 is not approved (missing, pending or a draft)."""
    templates = [
        "Deliverable missing: 《%(name)s》",
        "Deliverable awaiting approval: 《%(name)s》",
        "Deliverable still a draft: 《%(name)s》",
    ]
    return [gettext(t) % {"name": "解决方案"} for t in templates]


def test_versions_are_numbered_and_later_ones_need_a_reason(solution, engineer):
    v1 = add_version(solution, engineer)
    assert v1.number == 1
    solution.refresh_from_db()
    assert solution.status == SolutionStatus.DRAFT
    with pytest.raises(ServiceError) as exc:
        add_version(solution, engineer, reason="  ")
    assert "reason of change" in exc.value.messages[0]
    v2 = add_version(solution, engineer, reason="客户增加停车场监控")
    assert v2.number == 2 and v2.change_reason == "客户增加停车场监控"


def test_reversed_cost_range_is_refused(solution, engineer):
    from decimal import Decimal

    with pytest.raises(ServiceError):
        services.version_create(
            solution=solution,
            user=engineer,
            data={"summary": "x", "cost_low": Decimal("9"), "cost_high": Decimal("1")},
            file=doc(),
        )


def test_signoff_refused_without_a_passing_review_lists_what_is_missing(solution, engineer, manager, signers):
    v1 = add_version(solution, engineer)
    with pytest.raises(ServiceError) as exc:
        services.signoff_submit(version=v1, user=engineer)
    assert any("No review meeting" in m for m in exc.value.messages)

    data = review_data(manager, advancement_rating=None, cost_range_rating=None, conclusion="revise")
    services.review_record(version=v1, user=manager, data=data)
    with pytest.raises(ServiceError) as exc:
        services.signoff_submit(version=v1, user=engineer)
    text = " ".join(exc.value.messages)
    assert "Advancement" in text and "Cost range" in text and "pass" in text
    assert "Feasibility" not in text
    assert not Approval.objects.exists()


def test_review_chair_must_be_a_technical_head(solution, engineer, other_engineer):
    v1 = add_version(solution, engineer)
    with pytest.raises(ServiceError):
        services.review_record(version=v1, user=engineer, data=review_data(other_engineer))


def test_reject_then_v2_signed_by_all_three_opens_the_consulting_gate(opportunity, engineer, signers):
    manager, sales_head, commercial = signers
    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager)
    assert set(solution_gate_messages()) & set(gate_missing(opportunity))
    solution = services.solution_create(
        user=engineer, opportunity=opportunity, data={"title": "指挥中心方案"}, designers=[engineer]
    )
    v1 = add_version(solution, engineer)
    pass_review(v1, manager)
    v1 = services.signoff_submit(version=v1, user=engineer, note="请签字")
    assert v1.status == VersionStatus.SIGNING
    approval = Approval.objects.for_target(v1).get()
    assert sorted(s.order for s in approval.steps.all()) == [1, 1, 1]  # parallel
    with pytest.raises(ServiceError):  # no second version while one is signing
        add_version(solution, engineer, reason="x")

    decide_pending(v1, manager, approve=True)
    decide_pending(v1, commercial, approve=False, comment="造价偏高，需压缩")
    v1.refresh_from_db()
    assert v1.status == VersionStatus.RETURNED
    assert "造价偏高" in v1.return_reasons
    assert Approval.objects.for_target(v1).get(round=1).status == ApprovalStatus.REJECTED
    assert set(solution_gate_messages()) & set(gate_missing(opportunity))
    with pytest.raises(ServiceError):  # a returned version is revised by a new version
        services.signoff_submit(version=v1, user=engineer)

    v2 = add_version(solution, engineer, reason="按商务意见压缩造价")
    pass_review(v2, manager)
    services.signoff_submit(version=v2, user=engineer)
    for signer in (manager, sales_head, commercial):
        decide_pending(v2, signer, approve=True)
    v2.refresh_from_db()
    solution.refresh_from_db()
    assert v2.status == VersionStatus.APPROVED
    assert solution.status == SolutionStatus.APPROVED
    assert Approval.objects.for_target(v1).count() == 1  # round 1 of v1 kept
    deliverable = Deliverable.objects.get(opportunity=opportunity, deliverable_type__fulfilled_by="solution")
    assert deliverable.status == DeliverableStatus.APPROVED
    assert deliverable.file.name == v2.file.name
    missing = gate_missing(opportunity)
    assert not set(solution_gate_messages()) & set(missing), missing


def test_newer_approved_version_supersedes_the_older(solution, engineer, signers):
    manager, sales_head, commercial = signers
    versions = []
    for reason in ("", "追加门禁"):
        v = add_version(solution, engineer, reason=reason)
        pass_review(v, manager)
        services.signoff_submit(version=v, user=engineer)
        for signer in signers:
            decide_pending(v, signer)
        versions.append(v)
    for v in versions:
        v.refresh_from_db()
    assert [v.status for v in versions] == [VersionStatus.SUPERSEDED, VersionStatus.APPROVED]


def test_withdrawn_signoff_goes_back_to_reviewed(solution, engineer, signers):
    from presales.approvals.services import approval_withdraw

    v1 = add_version(solution, engineer)
    pass_review(v1, signers[0])
    services.signoff_submit(version=v1, user=engineer)
    approval_withdraw(approval=Approval.objects.for_target(v1).get(), user=engineer, reason="补充材料")
    v1.refresh_from_db()
    assert v1.status == VersionStatus.IN_REVIEW


def test_submitter_cannot_sign_his_own(opportunity, manager, sales_head, commercial):
    other_manager = make_user("manager2", "presales_manager", full_name="孙主管")
    solution = services.solution_create(
        user=manager, opportunity=opportunity, data={"title": "主管自己设计的方案"}, designers=[manager]
    )
    v1 = add_version(solution, manager)
    pass_review(v1, other_manager, user=manager)
    services.signoff_submit(version=v1, user=manager)
    approval = Approval.objects.for_target(v1).get()
    approvers = {a.approver_id for s in approval.steps.all() for a in s.assignments.all()}
    assert manager.pk not in approvers and other_manager.pk in approvers
    with pytest.raises(ServiceError):
        decide_pending(v1, manager, approve=True)


def test_only_designer_or_lead_submits(solution, engineer, rep, manager):
    v1 = add_version(solution, engineer)
    pass_review(v1, manager)
    with pytest.raises(PermissionDenied):
        services.signoff_submit(version=v1, user=rep)


def test_an_older_version_cannot_be_signed_off_once_a_newer_one_exists(solution, engineer, signers):
    v1 = add_version(solution, engineer)
    pass_review(v1, signers[0])
    add_version(solution, engineer, reason="客户调整了范围")
    with pytest.raises(ServiceError) as refused:
        services.signoff_submit(version=v1, user=engineer)
    assert refused.value.messages == [
        "Version 1 has been followed by a newer version: only the latest version can be signed off."
    ]
    v1.refresh_from_db()
    assert v1.status == VersionStatus.IN_REVIEW
    assert not Approval.objects.for_target(v1).exists()
