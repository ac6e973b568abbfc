"""What the approvals tests share: small templates built in the test, put on 接触's visit
record type so the real deliverable services submit through them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from presales.approvals.models import Approval, ApprovalTemplate
from presales.opportunities import services
from presales.opportunities.models import Deliverable, DeliverableType


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def visit_type(db) -> DeliverableType:
    return DeliverableType.objects.get(stage__template__is_default=True, stage__code="contact", required=True)


@pytest.fixture
def build_template(visit_type):
    """build_template(dict(name=, order=1, roles=[...], users=[...], mode="any", when=(field, op, value)), ...)
    → an ApprovalTemplate for deliverables, now used by the visit record type."""

    def build(*steps: dict, code: str = "test_review") -> ApprovalTemplate:
        template = ApprovalTemplate.objects.create(
            code=code, name="测试审批", target_type=ContentType.objects.get_for_model(Deliverable)
        )
        for spec in steps:
            field, operator, value = spec.get("when", ("", "", ""))
            step = template.steps.create(
                order=spec.get("order", 1),
                name=spec["name"],
                mode=spec.get("mode", "any"),
                condition_field=field,
                condition_operator=operator,
                condition_value=value,
            )
            step.approver_roles.set(Group.objects.filter(name__in=spec.get("roles", [])))
            step.approver_users.set(spec.get("users", []))
        visit_type.approval_template = template
        visit_type.save(update_fields=["approval_template"])
        return template

    return build


def submit(opportunity, user, dtype, note: str = "拜访纪要") -> Deliverable:
    return services.deliverable_submit(opportunity=opportunity, user=user, deliverable_type=dtype, note=note)


def pending_round(target) -> Approval:
    return Approval.objects.for_target(target).pending().get()


def status_of(deliverable: Deliverable) -> str:
    return Deliverable.objects.values_list("status", flat=True).get(pk=deliverable.pk)


@pytest.fixture
def client(settings, client):
    """Pages in English too (LocaleMiddleware follows the browser's Accept-Language)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    return client
