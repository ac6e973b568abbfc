"""The activities on an opportunity's timeline (visits, calls, meetings, demos, notes), and
their follow-ups: an activity may name the next step and the date to follow up on.

A follow-up is open until another activity is logged on the same opportunity after it (the
next contact is the follow-up: logging it, with its own next step, closes the previous one),
or the opportunity is closed. "My work" lists the user's open follow-ups due within a week
(presales.opportunities.selectors.my_follow_ups); `follow_up_remind_due` reminds the author of
each one due today, once (manage.py send_follow_up_reminders, daily from cron).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import ServiceError, apply_changes, check_text_limits
from presales.opportunities import access
from presales.opportunities.models import FOLLOW_UP_MAX_DAYS, Activity, Opportunity
from presales.opportunities.selectors import open_follow_ups
from presales.opportunities.services._common import lock, save

# A reminder missed (the command did not run: a weekend, an outage) is still sent this many days late.
REMIND_CATCH_UP_DAYS = 3

FIELDS = ["kind", "occurred_on", "subject", "people", "duration_minutes", "outcome", "next_step", "next_follow_up_on"]


def follow_up_error(occurred_on: date | None, follow_up_on: date | None) -> str | None:
    """Why this next follow-up date is refused, or None: not before the activity, at most a
    year after it."""
    if occurred_on is None or follow_up_on is None:
        return None
    if follow_up_on < occurred_on:
        return _("The next follow-up date cannot be before the activity date (%(date)s).") % {
            "date": occurred_on.strftime("%Y-%m-%d")
        }
    if follow_up_on > occurred_on + timedelta(days=FOLLOW_UP_MAX_DAYS):
        return _("The next follow-up date must be within a year of the activity date.")
    return None


@transaction.atomic
def activity_log(*, opportunity: Opportunity, user: User, data: dict[str, Any]) -> Activity:
    """Record a visit, call, meeting, demo or note on the timeline (with the customer's
    contacts who took part, and the next step and follow-up date if any)."""
    locked = lock(opportunity)
    access.require(user, "contribute", locked)
    activity = Activity(opportunity=locked, created_by=user)
    apply_changes(activity, data, FIELDS)
    check_text_limits(activity, limits={"outcome": TEXT_SHORT})  # as ActivityForm: a note, not a report
    error = follow_up_error(activity.occurred_on, activity.next_follow_up_on)
    if error:
        raise ServiceError(error)
    contacts = list(data.get("contacts") or [])
    if any(contact.customer_id != locked.customer_id for contact in contacts):
        raise ServiceError(_("Pick the contacts among the customer's contacts."))
    save(activity, user)
    if contacts:
        activity.contacts.set(contacts)
    return activity


def follow_up_remind_due(*, today: date | None = None) -> int:
    """Remind each open follow-up due today (or in the last REMIND_CATCH_UP_DAYS, when runs
    were missed; older ones are only listed as overdue in "my work") to its author:
    an in-app notification and its e-mail (the outbox). Once per follow-up: each one is claimed
    by a conditional UPDATE in the transaction that writes its notification, so a second run,
    or two at once, send nothing more. Returns the number of reminders sent."""
    from presales.notifications.models import NotificationKind
    from presales.notifications.services import notify

    today = today or timezone.localdate()
    due = list(
        open_follow_ups()
        .filter(
            next_follow_up_on__range=(today - timedelta(days=REMIND_CATCH_UP_DAYS), today),
            follow_up_reminded_at__isnull=True,
        )
        .select_related("opportunity", "created_by")
        .order_by("next_follow_up_on", "pk")
    )
    sent = 0
    for activity in due:
        with transaction.atomic():
            claimed = Activity.objects.filter(pk=activity.pk, follow_up_reminded_at__isnull=True).update(
                follow_up_reminded_at=timezone.now()
            )
            if not claimed or not activity.created_by.is_active:
                continue
            if not access.sees_opportunity(activity.created_by, activity.opportunity_id):
                continue  # he left the team: the reminder would link to a page he cannot open
            opportunity = activity.opportunity
            notify(
                recipients=[activity.created_by],
                kind=NotificationKind.FOLLOW_UP_DUE,
                actor=None,
                subject=f"{opportunity.code} {opportunity.name} · {activity.next_follow_up_on:%Y-%m-%d}",
                url=reverse("opportunities:detail", args=[opportunity.pk]) + f"#activity-{activity.pk}",
                comment=activity.next_step or activity.subject,
            )
            sent += 1
    return sent
