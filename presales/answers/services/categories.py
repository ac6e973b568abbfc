"""Categories: the managers create and edit them and name their owners (who approve changes)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.answers import access
from presales.answers.models import AnswerCategory
from presales.lib.services import ServiceError, apply_changes, check_text_limits, require

CATEGORY_FIELDS = ["name", "parent", "owner", "description", "order"]


def _check(category: AnswerCategory) -> None:
    category.name = " ".join((category.name or "").split())
    if not category.name:
        raise ServiceError(_("Give the category a name."))
    parent = category.parent
    seen = {category.pk} if category.pk else set()
    while parent is not None:
        if parent.pk in seen:
            raise ServiceError(_("A category cannot be inside itself."))
        seen.add(parent.pk)
        parent = parent.parent
    check_text_limits(category)


@transaction.atomic
def category_create(*, user: User, data: dict) -> AnswerCategory:
    require(access.is_manager(user), _("Only the presales managers organise the answer library."))
    category = AnswerCategory(**{k: v for k, v in data.items() if k in CATEGORY_FIELDS})
    _check(category)
    try:
        with transaction.atomic():
            category.save()
    except IntegrityError as exc:
        raise ServiceError(_("A category of this name exists already here.")) from exc
    return category


@transaction.atomic
def category_update(*, user: User, category: AnswerCategory, data: dict) -> AnswerCategory:
    require(access.is_manager(user), _("Only the presales managers organise the answer library."))
    locked = AnswerCategory.objects.select_for_update().get(pk=category.pk)
    apply_changes(locked, data, CATEGORY_FIELDS)
    _check(locked)
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as exc:
        raise ServiceError(_("A category of this name exists already here.")) from exc
    return locked
