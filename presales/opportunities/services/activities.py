"""The activities on an opportunity's timeline (visits, calls, meetings, demos, notes)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from presales.accounts.models import User
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import apply_changes, check_text_limits
from presales.opportunities import access
from presales.opportunities.models import Activity, Opportunity
from presales.opportunities.services._common import lock, save


@transaction.atomic
def activity_log(*, opportunity: Opportunity, user: User, data: dict[str, Any]) -> Activity:
    """Record a visit, call, meeting, demo or note on the timeline."""
    locked = lock(opportunity)
    access.require(user, "contribute", locked)
    activity = Activity(opportunity=locked, created_by=user)
    apply_changes(activity, data, ["kind", "occurred_on", "subject", "people", "duration_minutes", "outcome"])
    check_text_limits(activity, limits={"outcome": TEXT_SHORT})  # as ActivityForm: a note, not a report
    save(activity, user)
    return activity
