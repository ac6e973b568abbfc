"""Who may see and do what in the answer library — the one place these rules live.

- Every account holding a role reads approved answers (a sales rep too: they are the
  company's standard wording). An account with no role reads nothing.
- Drafts, answers in review and retired ones are seen by their owner, the category's owner
  and the managers (presales managers, admins).
- Presales engineers and managers write: create entries, edit their drafts, propose changes
  to approved entries (a change is approved through the approvals engine), add wordings.
- The category's owner and the managers approve, return, retire and restore; the entry's
  owner, the category's owner and the managers record a review.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from presales.accounts.roles import Role, has_role, user_roles
from presales.answers.models import AnswerEntry, AnswerStatus

WRITERS = (Role.PRESALES_ENGINEER, Role.PRESALES_MANAGER, Role.ADMIN)
MANAGERS = (Role.PRESALES_MANAGER, Role.ADMIN)


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user_roles(user))


def can_read_library(user) -> bool:
    return _active(user)


def is_writer(user) -> bool:
    return _active(user) and has_role(user, *WRITERS)


def is_manager(user) -> bool:
    return _active(user) and has_role(user, *MANAGERS)


def is_curator(user, entry: AnswerEntry) -> bool:
    """Approves, returns, retires: the category's owner or a manager."""
    if not _active(user):
        return False
    return is_manager(user) or entry.category.owner_id == user.pk


def can_view_entry(user, entry: AnswerEntry) -> bool:
    if not _active(user):
        return False
    if entry.status == AnswerStatus.APPROVED:
        return True
    return is_manager(user) or entry.owner_id == user.pk or entry.category.owner_id == user.pk


def can_edit_entry(user, entry: AnswerEntry) -> bool:
    """Edit a draft (or one in review) directly; propose a change to an approved entry."""
    if not is_writer(user) and not is_curator(user, entry):
        return False
    if entry.status == AnswerStatus.APPROVED:
        return True
    if entry.status == AnswerStatus.RETIRED:
        return False
    return entry.owner_id == user.pk or is_curator(user, entry)


def can_review(user, entry: AnswerEntry) -> bool:
    return _active(user) and (entry.owner_id == user.pk or is_curator(user, entry))


def visible_filter(user) -> Q | None:
    """The rows `user` reads as a filter; None: nothing at all."""
    if not _active(user):
        return None
    if is_manager(user):
        return Q()
    return Q(status=AnswerStatus.APPROVED) | Q(owner_id=user.pk) | Q(category__owner_id=user.pk)


def entries_visible_to(user) -> QuerySet[AnswerEntry]:
    q = visible_filter(user)
    if q is None:
        return AnswerEntry.objects.none()
    return AnswerEntry.objects.filter(q)


def visible_entry_ids(user) -> QuerySet | None:
    """What the search module asks (Source.visible): the pks `user` may see, None for all."""
    q = visible_filter(user)
    if q is None:
        return AnswerEntry.objects.none()
    if not q:  # a manager
        return None
    return AnswerEntry.objects.filter(q).values("pk")
