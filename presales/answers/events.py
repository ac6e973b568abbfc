"""The events of the answer library (presales.events): the kinds, one constructor per kind.
An entry's events are about the entry (its code is in the data, so the sentence reads after a
change). Uses are counted on the entry and listed as AnswerUsage rows, not written as events."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.answers.models import AnswerEntry, AnswerStatus, ChangeStatus
from presales.events.models import Event
from presales.events.registry import define, field_labels
from presales.events.services import record


def _status_params(data: dict) -> dict:
    labels = dict(AnswerStatus.choices)
    return {key: labels.get(data.get(key), data.get(key, "")) for key in ("from_status", "to_status")}


ENTRY_CREATED = define(
    "answers.entry_created",
    label=_("Library answer added"),
    sentence=_("added the answer %(code)s to the answer library"),
)
ENTRY_UPDATED = define(
    "answers.entry_updated",
    label=_("Library answer changed"),
    sentence=_("changed the answer %(code)s: %(fields)s"),
    params=lambda data: {"fields": field_labels(AnswerEntry, data.get("fields"))},
)
STATUS_CHANGED = define(
    "answers.status_changed",
    label=_("Library answer status changed"),
    sentence=_("moved the answer %(code)s from %(from_status)s to %(to_status)s"),
    params=_status_params,
)
CHANGE_PROPOSED = define(
    "answers.change_proposed",
    label=_("Change to a library answer proposed"),
    sentence=_("proposed a change to the answer %(code)s: %(summary)s"),
)
CHANGE_DECIDED = define(
    "answers.change_decided",
    label=_("Change to a library answer decided"),
    sentence=_("decided the proposed change to the answer %(code)s: %(outcome)s"),
    params=lambda data: {"outcome": dict(ChangeStatus.choices).get(data.get("outcome"), data.get("outcome", ""))},
)
REVIEW_DONE = define(
    "answers.review_done",
    label=_("Library answer reviewed"),
    sentence=_("reviewed the answer %(code)s; next review on %(next_review_on)s"),
)
WORDING_ADDED = define(
    "answers.wording_added",
    label=_("Answer wording added"),
    sentence=_("added a wording to the answer %(code)s: %(text)s"),
)
WORDING_REMOVED = define(
    "answers.wording_removed",
    label=_("Answer wording removed"),
    sentence=_("removed a wording from the answer %(code)s: %(text)s"),
)
IMPORTED = define(
    "answers.imported",
    label=_("Answer library imported"),
    sentence=_("imported the answer library file %(name)s: %(created)s added, %(updated)s changed"),
)


def _entry(kind: str, entry: AnswerEntry, user: User | None, **data) -> Event:
    return record(kind, user, subject=entry, data={"code": entry.code, **data})


def entry_created(entry: AnswerEntry, user: User) -> Event:
    return _entry(ENTRY_CREATED, entry, user)


def entry_updated(entry: AnswerEntry, user: User, fields: list[str]) -> Event:
    return _entry(ENTRY_UPDATED, entry, user, fields=list(fields))


def status_changed(entry: AnswerEntry, user: User | None, from_status: str, note: str = "") -> Event:
    return _entry(STATUS_CHANGED, entry, user, from_status=from_status, to_status=entry.status, note=note)


def change_proposed(entry: AnswerEntry, user: User, summary: str) -> Event:
    return _entry(CHANGE_PROPOSED, entry, user, summary=summary)


def change_decided(entry: AnswerEntry, user: User, outcome: str) -> Event:
    return _entry(CHANGE_DECIDED, entry, user, outcome=outcome)


def review_done(entry: AnswerEntry, user: User) -> Event:
    next_on = entry.next_review_on.isoformat() if entry.next_review_on else "—"
    return _entry(REVIEW_DONE, entry, user, next_review_on=next_on)


def wording_added(entry: AnswerEntry, user: User | None, text: str) -> Event:
    return _entry(WORDING_ADDED, entry, user, text=text[:200])


def wording_removed(entry: AnswerEntry, user: User, text: str) -> Event:
    return _entry(WORDING_REMOVED, entry, user, text=text[:200])


def imported(user: User, name: str, created: int, updated: int) -> Event:
    return record(IMPORTED, user, data={"name": name, "created": created, "updated": updated})
