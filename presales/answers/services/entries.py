"""Entries: create (a draft), edit (a draft directly; an approved entry by a proposed change,
presales.answers.services.changes), and the fields' checks shared with the import."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.answers import access, events, indexing
from presales.answers.models import (
    REVIEW_INTERVAL_MAX,
    AnswerCategory,
    AnswerCodeCounter,
    AnswerEntry,
    AnswerStatus,
    AnswerTag,
    AnswerWording,
    Deviation,
    WordingSource,
)
from presales.answers.values import stated_values
from presales.catalog.models import Product
from presales.lib.services import (
    ServiceError,
    apply_changes,
    check_text_limits,
    check_version,
    next_yearly_code,
    require,
    save_with_history,
)

ENTRY_FIELDS = ["category", "requirement", "answer", "deviation", "deviation_note", "review_interval_months"]
MAX_TAGS = 10
TAG_MAX_CHARS = 30
MAX_PRODUCTS = 50
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,29}$")


def _lock_entry(entry: AnswerEntry) -> AnswerEntry:
    return AnswerEntry.objects.select_for_update(of=("self",)).select_related("category").get(pk=entry.pk)


def clean_tags(tags: Iterable[str] | str | None) -> list[str]:
    if tags is None:
        return []
    if isinstance(tags, str):
        tags = re.split(r"[,，、;；\n]", tags)
    names: list[str] = []
    for raw in tags:
        name = " ".join(str(raw).split())
        if not name or name in names:
            continue
        if len(name) > TAG_MAX_CHARS:
            raise ServiceError(
                _("A tag is at most %(max)d characters: “%(tag)s”.") % {"max": TAG_MAX_CHARS, "tag": name}
            )
        names.append(name)
    if len(names) > MAX_TAGS:
        raise ServiceError(_("At most %(max)d tags per answer.") % {"max": MAX_TAGS})
    return names


def clean_code(code: str) -> str:
    code = (code or "").strip()
    if not CODE_PATTERN.match(code):
        raise ServiceError(
            _("The code “%(code)s” is not usable: letters, digits, “-”, “.” or “/”, at most 30 characters.")
            % {"code": code[:40]}
        )
    return code


def check_fields(entry: AnswerEntry) -> None:
    problems = []
    if not (entry.requirement or "").strip():
        problems.append(_("Write the requirement the answer responds to."))
    if not (entry.answer or "").strip():
        problems.append(_("Write the standard answer."))
    if entry.deviation not in Deviation.values:
        problems.append(_("The deviation is one of: no deviation, positive deviation, negative deviation."))
    interval = entry.review_interval_months
    if not isinstance(interval, int) or isinstance(interval, bool) or not 0 <= interval <= REVIEW_INTERVAL_MAX:
        problems.append(_("The review interval is between 0 and %(max)d months.") % {"max": REVIEW_INTERVAL_MAX})
    if entry.category_id is None:
        problems.append(_("Choose the answer's category."))
    if problems:
        raise ServiceError(problems)
    check_text_limits(entry)


def set_tags(entry: AnswerEntry, names: list[str]) -> bool:
    existing = {t.name: t for t in AnswerTag.objects.filter(name__in=names)}
    AnswerTag.objects.bulk_create([AnswerTag(name=n) for n in names if n not in existing], ignore_conflicts=True)
    wanted = list(AnswerTag.objects.filter(name__in=names))
    before = set(entry.tags.values_list("pk", flat=True))
    if before == {t.pk for t in wanted}:
        return False
    entry.tags.set(wanted)
    return True


def set_products(entry: AnswerEntry, products: Iterable) -> bool:
    ids = sorted({getattr(p, "pk", p) for p in products})
    if len(ids) > MAX_PRODUCTS:
        raise ServiceError(_("At most %(max)d products per answer.") % {"max": MAX_PRODUCTS})
    found = set(Product.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if len(found) != len(ids):
        raise ServiceError(_("A product of this answer does not exist (any more)."))
    if set(entry.products.values_list("pk", flat=True)) == found:
        return False
    entry.products.set(sorted(found))
    return True


def _category(value) -> AnswerCategory | None:
    if value is None or isinstance(value, AnswerCategory):
        return value
    return AnswerCategory.objects.filter(pk=value).first()


def _next_code() -> str:
    while True:
        code = next_yearly_code(AnswerCodeCounter, "YD")
        if not AnswerEntry.objects.filter(code=code).exists():
            return code


@transaction.atomic
def entry_create(*, user: User, data: dict) -> AnswerEntry:
    """A new draft entry. `data`: requirement, answer, category (object or id), and optionally
    code (else YD-<year>-<n>), deviation, deviation_note, review_interval_months, tags (names),
    products (objects or ids), wordings (texts), owner (else the user)."""
    require(access.is_writer(user), _("Only presales engineers and managers write the answer library."))
    code = data.get("code")
    if code:
        code = clean_code(code)
        if AnswerEntry.objects.filter(code=code).exists():
            raise ServiceError(_("The code %(code)s is taken by another answer.") % {"code": code})
    entry = AnswerEntry(
        code=code or "",
        category=_category(data.get("category")),
        requirement=(data.get("requirement") or "").strip(),
        answer=(data.get("answer") or "").strip(),
        deviation=data.get("deviation") or Deviation.NONE,
        deviation_note=(data.get("deviation_note") or "").strip(),
        review_interval_months=data.get("review_interval_months", 12),
        owner=data.get("owner") or user,
        status=AnswerStatus.DRAFT,
    )
    check_fields(entry)
    tags = clean_tags(data.get("tags"))
    if not entry.code:
        entry.code = _next_code()
    entry.stated_values = stated_values(entry.answer)
    save_with_history(entry, user, reason=_("Added as a draft"))
    set_tags(entry, tags)
    set_products(entry, data.get("products") or ())
    for value in data.get("wordings") or ():
        value = (value or "").strip()
        if value:
            AnswerWording.objects.create(entry=entry, text=value[:2000], source=WordingSource.MANUAL, created_by=user)
    events.entry_created(entry, user)
    return entry


def apply_data(entry: AnswerEntry, data: dict) -> list[str]:
    """Copy the values of `data` onto the (locked) entry, tags and products included; checked;
    the names of what changed. The caller saves."""
    data = dict(data)
    if "category" in data:
        data["category"] = _category(data["category"])
        if data["category"] is None:
            raise ServiceError(_("Choose the answer's category."))
    for key in ("requirement", "answer", "deviation_note"):
        if key in data:
            data[key] = (data[key] or "").strip()
    changed = apply_changes(entry, data, ENTRY_FIELDS)
    check_fields(entry)
    if "answer" in changed:
        entry.stated_values = stated_values(entry.answer)
    return changed


def diff(entry: AnswerEntry, data: dict) -> dict:
    """What in `data` differs from the entry, as JSON (the proposal of a change)."""
    proposed: dict = {}
    for name in ENTRY_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "category":
            value = getattr(value, "pk", value)
            if value != entry.category_id:
                proposed[name] = value
            continue
        if isinstance(value, str):
            value = value.strip()
        if value != getattr(entry, name):
            proposed[name] = value
    if "tags" in data:
        tags = clean_tags(data["tags"])
        if sorted(tags) != sorted(entry.tags.values_list("name", flat=True)):
            proposed["tags"] = tags
    if "products" in data:
        ids = sorted({getattr(p, "pk", p) for p in data["products"] or ()})
        if ids != sorted(entry.products.values_list("pk", flat=True)):
            proposed["products"] = ids
    return proposed


def apply_proposal(entry: AnswerEntry, proposal: dict) -> list[str]:
    changed = apply_data(entry, {k: v for k, v in proposal.items() if k in ENTRY_FIELDS})
    if "tags" in proposal and set_tags(entry, clean_tags(proposal["tags"])):
        changed.append("tags")
    if "products" in proposal and set_products(entry, proposal["products"]):
        changed.append("products")
    return changed


@transaction.atomic
def entry_update(*, user: User, entry: AnswerEntry, data: dict, seen_version=None, note: str = ""):
    """Edit an entry. A draft (or one in review) changes at once and is returned; an approved
    entry keeps its text and a proposed change (AnswerChange) goes to the category's owner
    for approval, and is returned."""
    locked = _lock_entry(entry)
    require(access.can_edit_entry(user, locked), _("You may not change this answer."))
    check_version(locked, seen_version)
    if locked.status == AnswerStatus.APPROVED:
        from presales.answers.services.changes import change_propose

        return change_propose(user=user, entry=locked, data=data, note=note)
    if locked.status == AnswerStatus.RETIRED:
        raise ServiceError(_("A retired answer is not changed: restore it as a draft first."))
    requirement_before = locked.requirement
    changed = apply_data(locked, {k: v for k, v in data.items() if k in ENTRY_FIELDS})
    if "tags" in data and set_tags(locked, clean_tags(data["tags"])):
        changed.append("tags")
    if "products" in data and set_products(locked, data["products"] or ()):
        changed.append("products")
    if not changed:
        return locked
    locked.version += 1
    save_with_history(locked, user)
    if locked.requirement != requirement_before:
        indexing.index_entry(locked)
    events.entry_updated(locked, user, changed)
    return locked
