"""A tender's deadlines, the next one, and the countdown people read ("还有 3 天 4 小时")."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from presales.tenders.models import Tender


def end_of_day(day: date) -> datetime:
    """A date-only deadline (the bond's return) counts until the end of that day."""
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


def deadlines_of(tender: Tender) -> list[tuple[str, str, datetime]]:
    from presales.tenders.models import Deadline

    found: list[tuple[str, str, datetime]] = []
    for code, when in (
        (Deadline.QUESTIONS, tender.questions_due_at),
        (Deadline.SUBMISSION, tender.submission_due_at),
        (Deadline.OPENING, tender.opening_at),
    ):
        if when:
            found.append((code.value, str(code.label), when))
    if tender.bond_paid_on and tender.bond_return_due_on and not tender.bond_returned_on:
        found.append(
            (Deadline.BOND_RETURN.value, str(Deadline.BOND_RETURN.label), end_of_day(tender.bond_return_due_on))
        )
    return sorted(found, key=lambda item: item[2])


def next_deadline(tender: Tender, now: datetime | None = None) -> tuple[str, str, datetime] | None:
    """The first deadline still ahead, or None when every one has passed."""
    now = now or timezone.now()
    return next((item for item in deadlines_of(tender) if item[2] > now), None)


def countdown(when: datetime | None, now: datetime | None = None) -> str:
    """ "还有 3 天 4 小时" / "还有 5 小时 20 分钟" / "已截止"."""
    if when is None:
        return ""
    now = now or timezone.now()
    left = when - now
    if left <= timedelta(0):
        return _("Deadline passed")
    days = left.days
    hours, rest = divmod(left.seconds, 3600)
    minutes = rest // 60
    if days:
        return _("%(days)s and %(hours)s left") % {
            "days": ngettext("%(n)d day", "%(n)d days", days) % {"n": days},
            "hours": ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours},
        }
    if hours:
        return _("%(hours)s and %(minutes)s left") % {
            "hours": ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours},
            "minutes": ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes},
        }
    return _("%(minutes)s left") % {
        "minutes": ngettext("%(n)d minute", "%(n)d minutes", max(minutes, 1)) % {"n": max(minutes, 1)}
    }
