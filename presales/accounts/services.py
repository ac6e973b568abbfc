"""Changes a person makes to his own account."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts.models import LanguageChoice, User
from presales.lib.services import ServiceError


@transaction.atomic
def language_choose(*, user: User, language: str) -> User:
    """The language his pages are shown in after log-in ("" follows the organisation's).
    A personal display preference, no business record: no event (accounts, below every
    app, imports none of them; the events app sits above it)."""
    if language not in LanguageChoice.values:
        raise ServiceError(_("Choose one of the languages offered."))
    if user.language == language:
        return user
    user.language = language
    user.save(update_fields=["language"])
    return user
