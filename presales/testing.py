"""Builders for tests and benchmarks. They go through the services, as users would."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

TEST_PASSWORD = "Ceshi-Mima-2026!"


def make_user(username: str, *roles: str, full_name: str = "", is_staff: bool = False):
    user = get_user_model().objects.create_user(
        username=username, password=TEST_PASSWORD, full_name=full_name, is_staff=is_staff
    )
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_customer(owner, name: str, **extra):
    from presales.customers.services import customer_create

    data = {"name": name, "industry": extra.pop("industry", "public_security"), **extra}
    return customer_create(user=owner, data=data)


def make_opportunity(owner, customer, *, name: str = "", presales_lead=None, team=None, **extra):
    from presales.opportunities.services import opportunity_create

    data = {
        "name": name or f"{customer.name}项目",
        "customer": customer,
        "sales_owner": owner,
        "presales_lead": presales_lead,
        "industry": extra.pop("industry", customer.industry),
        "expected_amount": extra.pop("expected_amount", Decimal("1200000")),
        "has_tender": extra.pop("has_tender", True),
        **extra,
    }
    return opportunity_create(user=owner, data=data, team=team or [])


def decide_pending(target, user, *, approve: bool = True, comment: str = ""):
    """`user` decides on the pending approval round of `target` (through the engine)."""
    from presales.approvals.models import Approval
    from presales.approvals.services import approval_decide

    approval = Approval.objects.for_target(target).pending().get()
    return approval_decide(approval=approval, user=user, approve=approve, comment=comment)


def complete_stage(opportunity, *, worker, approver):
    """Meet the current stage's exit criteria: every required task done and every required
    deliverable submitted (by `worker`) and approved (by `approver`, through the approvals
    engine). Deliverables that come from elsewhere (a signed-off solution, an approved
    acceptance report) are recorded as approved directly."""
    from presales.opportunities import services
    from presales.opportunities.models import OpportunityTask

    stage = opportunity.current_stage
    for task in OpportunityTask.objects.filter(opportunity=opportunity, stage=stage, required=True):
        services.task_set_done(task=task, user=worker, done=True)
    for dtype in stage.deliverable_types.filter(required=True):
        if dtype.fulfilled_by:
            services.deliverable_record_approved(
                opportunity=opportunity,
                user=worker,
                fulfilled_by=dtype.fulfilled_by,
                title=dtype.name,
                source_url="/",
                note=f"{dtype.name}（测试）",
            )
            continue
        deliverable = services.deliverable_submit(
            opportunity=opportunity, user=worker, deliverable_type=dtype, note=f"{dtype.name}（测试）"
        )
        if dtype.approval_template_id:
            decide_pending(deliverable, approver)


def walk_to(opportunity, stage_code: str, *, worker, approver, mover=None):
    """Take an opportunity forward through every gate until it is in `stage_code`."""
    from presales.opportunities import services

    while opportunity.current_stage.code != stage_code:
        complete_stage(opportunity, worker=worker, approver=approver)
        target = services.next_stage(opportunity)
        if target is None:
            raise ValueError(f"{stage_code} is not ahead of {opportunity.current_stage.code}")
        opportunity = services.opportunity_advance(
            opportunity=opportunity, user=mover or opportunity.sales_owner, to_stage=target
        ).opportunity
    return opportunity
