"""The events of people's own settings (presales.events): the kinds, one constructor per kind."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from presales.accounts.models import LanguageChoice, User
from presales.events.models import Event
from presales.events.registry import define
from presales.events.services import record


def _language_params(data: dict) -> dict:
    return {"language": str(dict(LanguageChoice.choices).get(data.get("language", ""), data.get("language")))}


LANGUAGE_CHOSEN = define(
    "accounts.language_chosen",
    label=_("Language chosen"),
    sentence=_("chose to read the pages in: %(language)s"),
    params=_language_params,
    detail=True,
)


def language_chosen(user: User) -> Event:
    return record(LANGUAGE_CHOSEN, user, subject=user, data={"language": user.language})
