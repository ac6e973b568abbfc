"""Deciding a pending approval as a demo person, through the approvals engine."""

from __future__ import annotations

from presales.approvals.models import Approval
from presales.approvals.services import approval_decide
from presales.demo.context import DemoContext


def decide(ctx: DemoContext, target, login: str, *, approve: bool = True, comment: str = "") -> None:
    """The person with `login` decides the pending round of `target`."""
    approval = Approval.objects.for_target(target).pending().get()
    approval_decide(approval=approval, user=ctx.users[login], approve=approve, comment=comment)
