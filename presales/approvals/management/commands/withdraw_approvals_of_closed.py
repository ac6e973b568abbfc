"""Withdraw the rounds still pending about opportunities closed before the engine withdrew
them on closing (issue 10): run once after upgrading, then whenever in doubt (it changes
nothing when nothing is left). A command, not a data migration, because the withdrawal
goes through the same service as on closing — each object back to its draft through its
app's hook, one event per round, the approvers told — which a migration's frozen models
cannot do. The actor is whoever closed the opportunity (its closing event), else the
submitter of the round."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext

from presales.approvals.apps import CLOSED_NOTE
from presales.approvals.models import Approval, ApprovalStatus
from presales.approvals.services import approvals_withdraw_for_closed
from presales.events.models import Event

CLOSED_KIND = "opportunities.closed"  # the kind the opportunities app records on closing


class Command(BaseCommand):
    help = "Withdraw the approvals still pending about closed opportunities, with a note."

    def add_arguments(self, parser):
        parser.add_argument("--language", default="zh-hans", help="the language of the note (default zh-hans)")

    def handle(self, *args, language="zh-hans", **options):
        stale = (
            Approval.objects.filter(status=ApprovalStatus.PENDING, opportunity__closed_at__isnull=False)
            .select_related("submitted_by")
            .order_by("opportunity_id", "pk")
        )
        first_of = {}
        for approval in stale:
            first_of.setdefault(approval.opportunity_id, approval)
        withdrawn = 0
        with translation.override(language):
            note = gettext(CLOSED_NOTE)
            for opportunity_id, approval in first_of.items():
                closing = (
                    Event.objects.filter(opportunity_id=opportunity_id, kind=CLOSED_KIND)
                    .select_related("actor")
                    .order_by("-at", "-pk")
                    .first()
                )
                actor = closing.actor if closing is not None else approval.submitted_by
                withdrawn += len(approvals_withdraw_for_closed(opportunity_id=opportunity_id, user=actor, note=note))
        self.stdout.write(f"{withdrawn} approval(s) of {len(first_of)} closed opportunity(ies) withdrawn")
