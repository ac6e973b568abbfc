"""Answering, editing, merging, splitting and assigning the clauses of a deviation table.

Concurrency: every change re-reads its clause under a row lock and checks the version the
user saw (lib.services.check_version), so two engineers answering the same table never lose
an update: the second one is told who changed the row, and keeps what they typed."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.forms import TEXT_LONG, TEXT_SHORT
from presales.lib.services import ServiceError, check_text, check_version, require
from presales.notifications.models import NotificationKind
from presales.notifications.services import notify
from presales.responses import access, events
from presales.responses.models import Clause, ClauseStatus, Deviation, Specification
from presales.responses.services._common import lock_clause, lock_spec, mark_answered, save_clause, sync_gaps

EDIT_FIELDS = ["number", "text", "star", "triangle", "mandatory", "parameter", "required_value"]


def _locked_for(user: User, clause: Clause, version) -> Clause:
    require(access.can_work(user, clause.specification))
    locked = lock_clause(clause)
    check_version(locked, version)
    return locked


@transaction.atomic
def clause_edit(*, user: User, clause: Clause, data: dict, version=None) -> Clause:
    """Correct what extraction read (the wording, the number, the ★/▲ marks)."""
    locked = _locked_for(user, clause, version)
    changed = []
    for name in EDIT_FIELDS:
        if name in data and getattr(locked, name) != data[name]:
            setattr(locked, name, data[name])
            changed.append(name)
    if not (locked.text or "").strip():
        raise ServiceError(_("A clause needs its requirement text."))
    if changed:
        save_clause(locked, user, "edited", changed)
        events.clause_changed(locked, user, changed)
    return locked


@transaction.atomic
def clause_answer(
    *,
    user: User,
    clause: Clause,
    response: str,
    deviation: str,
    deviation_note: str = "",
    guarantee: str | None = None,
    version=None,
    save_to_library: bool = False,
) -> Clause:
    """Write or edit the answer of a clause. A 无偏离 needs an answer text; 需人工确认 is no
    answer (the clause stays to confirm). With `save_to_library` the answer becomes a draft
    entry of the answer library (presales.answers), for its owners to review."""
    locked = _locked_for(user, clause, version)
    response = (response or "").strip()
    check_text(_("Response"), response, TEXT_LONG)
    check_text(_("Deviation note"), deviation_note, TEXT_SHORT)
    if deviation not in Deviation.values:
        raise ServiceError(_("This page is out of date: reload it and try again."))
    if deviation != Deviation.TO_CONFIRM and not response:
        raise ServiceError(_("Write the response before stating the deviation."))
    if deviation == Deviation.NEGATIVE and not (deviation_note or "").strip():
        raise ServiceError(_("Say in the deviation note how the offer differs from the requirement."))
    locked.response = response
    locked.deviation = deviation
    locked.deviation_note = (deviation_note or "").strip()
    if guarantee is not None:
        locked.guarantee = guarantee.strip()[:200]
    if deviation == Deviation.TO_CONFIRM:
        locked.status = ClauseStatus.TO_CONFIRM
    else:
        mark_answered(locked, user)
    if save_to_library and response:
        from presales.answers import services as answers

        entry = answers.entry_create(
            user=user,
            data={
                "category": _category_for(locked),
                "requirement": locked.text,
                "answer": response,
                "deviation": deviation if deviation != Deviation.TO_CONFIRM else Deviation.NONE,
            },
        )
        locked.entry_id = entry.pk
    save_clause(locked, user, "answered")
    sync_gaps(locked.specification, [locked])
    events.clause_answered(locked, user)
    return locked


def _category_for(clause: Clause):
    """The category of a new library entry written from a clause: that of the entry it was
    matched with, else the library's first."""
    from presales.answers.models import AnswerCategory

    if clause.entry is not None:
        return clause.entry.category_id
    return AnswerCategory.objects.order_by("order", "name").values_list("pk", flat=True).first()


@transaction.atomic
def clause_accept(*, user: User, clause: Clause, choice: int = 0, version=None) -> Clause:
    """Accept a suggested library answer (the best one, or `choice` among the suggestions).
    The clause's wording is kept on the entry as an alternative (the same requirement in the
    next tender matches better) and the use is counted on the entry."""
    from presales.answers import services as answers
    from presales.answers.matching import deviation_for
    from presales.answers.models import AnswerEntry

    locked = _locked_for(user, clause, version)
    suggestions = locked.suggestions or []
    if not isinstance(choice, int) or not 0 <= choice < len(suggestions):
        raise ServiceError(_("There is no suggested answer to accept: write the answer instead."))
    suggestion = suggestions[choice]
    entry = AnswerEntry.objects.filter(pk=suggestion.get("entry_id")).first()
    if entry is None:
        raise ServiceError(_("The library answer is no longer there: write the answer instead."))
    if choice or locked.entry_id != entry.pk or not locked.response:
        from presales.answers.matching import Match

        match = Match(
            entry_id=entry.pk,
            code=suggestion.get("code", ""),
            score=1.0,  # a person chose it
            reasons=[],
            requirement=suggestion.get("requirement", ""),
            answer=suggestion.get("answer", ""),
            deviation=suggestion.get("deviation", ""),
        )
        code, reason = deviation_for(locked.text, match)
        locked.response = match.answer
        locked.entry_id = entry.pk
        locked.deviation = code if code in Deviation.values else Deviation.TO_CONFIRM
        locked.deviation_note = str(reason or "")[:TEXT_SHORT]
    if locked.deviation == Deviation.TO_CONFIRM:
        raise ServiceError(_("State the deviation of this answer: edit it before accepting."))
    mark_answered(locked, user)
    save_clause(locked, user, "accepted")
    answers.learn_wording(user=user, entry=entry, text=locked.text)
    tender = locked.specification.tender
    answers.record_usage(
        user=user,
        entry=entry,
        opportunity=tender.opportunity,
        label=f"{tender.number} {locked.label}".strip(),
        url=table_url(locked.specification),
    )
    sync_gaps(locked.specification, [locked])
    events.clause_answered(locked, user)
    return locked


def table_url(specification: Specification) -> str:
    from django.urls import reverse

    return reverse("responses:table", args=[specification.pk])


@transaction.atomic
def clause_merge(*, user: User, clauses: Sequence[Clause]) -> Clause:
    """Merge clauses extraction split apart into the first of them (in document order): the
    texts joined, the marks kept, the answer of the first kept; the others are removed."""
    clauses = list(clauses)
    if len(clauses) < 2:
        raise ServiceError(_("Choose at least two clauses to merge."))
    specification = clauses[0].specification
    if any(c.specification_id != specification.pk for c in clauses):
        raise ServiceError(_("Only clauses of the same specification can be merged."))
    require(access.can_work(user, specification))
    lock_spec(specification)
    locked = list(Clause.objects.select_for_update().filter(pk__in=[c.pk for c in clauses]).order_by("order", "id"))
    first, rest = locked[0], locked[1:]
    first.text = "\n".join(c.text for c in locked)
    check_text(_("Requirement"), first.text, TEXT_LONG)
    first.star = any(c.star for c in locked)
    first.triangle = any(c.triangle for c in locked)
    first.mandatory = any(c.mandatory for c in locked)
    if first.status == ClauseStatus.ANSWERED:
        first.status = ClauseStatus.OPEN  # the requirement grew: its answer is looked at again
    labels = [c.label for c in locked]
    Clause.objects.filter(pk__in=[c.pk for c in rest]).delete()
    save_clause(first, user, "merged")
    events.clauses_merged(first.specification, user, labels)
    return first


@transaction.atomic
def clause_split(*, user: User, clause: Clause, parts: Sequence[str], version=None) -> list[Clause]:
    """Split a compound clause into its parts (one requirement each), in place: the first
    part stays the clause (numbered as it was), the others follow it as new open clauses."""
    locked = _locked_for(user, clause, version)
    parts = [p.strip() for p in parts if p and p.strip()]
    if len(parts) < 2:
        raise ServiceError(_("Give at least two parts, one requirement per line."))
    for part in parts:
        check_text(_("Requirement"), part, TEXT_LONG)
    lock_spec(locked.specification)
    Clause.objects.filter(specification=locked.specification, order__gt=locked.order).update(
        order=F("order") + len(parts) - 1
    )
    locked.text = parts[0]
    locked.status = ClauseStatus.OPEN if locked.status == ClauseStatus.ANSWERED else locked.status
    save_clause(locked, user, "split")
    new = [
        Clause(
            specification=locked.specification,
            order=locked.order + n,
            number=f"{locked.number}-{n + 1}"[:40] if locked.number else "",
            text=part,
            star=locked.star,
            triangle=locked.triangle,
            mandatory=locked.mandatory,
            section=locked.section,
            assigned_to=locked.assigned_to,
        )
        for n, part in enumerate(parts[1:], start=1)
    ]
    Clause.objects.bulk_create(new)
    events.clause_split(locked, user)
    return [locked, *new]


@transaction.atomic
def clauses_assign(
    *, user: User, specification: Specification, clauses: Sequence[Clause], assignee: User | None
) -> int:
    """Give clauses to a member of the bid team (None: to nobody)."""
    require(access.can_work(user, specification))
    if assignee is not None and not access.can_work(assignee, specification):
        raise ServiceError(_("%(name)s is not on the bid team of this tender.") % {"name": assignee.display_name})
    ids = [c.pk for c in clauses if c.specification_id == specification.pk]
    if not ids:
        raise ServiceError(_("Choose the clauses to assign."))
    lock_spec(specification)
    count = Clause.objects.filter(pk__in=ids).update(assigned_to=assignee, version=F("version") + 1)
    events.clauses_assigned(specification, user, count, assignee.display_name if assignee is not None else _("nobody"))
    if assignee is not None and assignee.pk != user.pk:
        tender = specification.tender
        url = reverse("responses:table", args=[specification.pk])
        notify(
            recipients=[assignee],
            kind=NotificationKind.CLAUSES_ASSIGNED,
            actor=user,
            subject=f"{tender.number} {tender.title} · {specification.name} ({count})",
            url=f"{url}?{urlencode({'assignee': assignee.pk})}",
        )
    return count
