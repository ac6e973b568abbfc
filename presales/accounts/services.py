"""Changes a person makes to his own account."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts import events
from presales.accounts.models import LanguageChoice, User
from presales.lib.services import ServiceError


@transaction.atomic
def language_choose(*, user: User, language: str) -> User:
    """The language his pages are shown in after log-in ("" follows the organisation's).
    The event is the record (the user has no change history)."""
    if language not in LanguageChoice.values:
        raise ServiceError(_("Choose one of the languages offered."))
    if user.language == language:
        return user
    user.language = language
    user.save(update_fields=["language"])
    events.language_chosen(user)
    return user
