"""API tokens: DRF's own `Token` model (one per user), made, replaced and revoked only here.

Rules (issue 8):
- a token expires `PRESALES_API_TOKEN_DAYS` days after it was made (0: never); an expired
  token is refused by `ExpiringTokenAuthentication`, and asking for a token again replaces it;
- every change of the password (the password page, the admin's password form,
  `manage.py changepassword`, `set_password()` in any service) revokes the token: the
  accounts app sends `password_changed` after the save, `revoke_on_password_change` listens;
- the user revokes or replaces his token himself on the token page.

The user row is locked while his token is made or revoked, so two requests at once leave one
token. Users have no event table (the audit rows of this project belong to business objects),
so token changes are written to the `presales.api` log: who, what, why."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from presales.accounts.models import User

logger = logging.getLogger("presales.api")


def token_lifetime() -> timedelta | None:
    days = settings.PRESALES_API_TOKEN_DAYS
    return timedelta(days=days) if days > 0 else None


def token_expires_at(token: Token) -> datetime | None:
    """When `token` stops working, or None if tokens never expire."""
    lifetime = token_lifetime()
    return None if lifetime is None else token.created + lifetime


def token_is_expired(token: Token, *, now: datetime | None = None) -> bool:
    expires = token_expires_at(token)
    return expires is not None and expires <= (now or timezone.now())


def _lock_user(user: User) -> None:
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


@transaction.atomic
def token_create(*, user: User) -> Token:
    """A new token for `user`; the old one, if any, stops working at once."""
    _lock_user(user)
    replaced = Token.objects.filter(user=user).delete()[0]
    token = Token.objects.create(user=user)
    logger.info("API token %s for %s", "replaced" if replaced else "made", user.username)
    return token


@transaction.atomic
def token_for_login(*, user: User) -> Token:
    """The token `POST /api/token/` answers with: the user's token, or a new one if he has
    none or his has expired (DRF's own view would hand back the expired one)."""
    _lock_user(user)
    token = Token.objects.filter(user=user).first()
    if token is not None and not token_is_expired(token):
        return token
    if token is not None:
        token.delete()
    token = Token.objects.create(user=user)
    logger.info("API token made for %s (log-in by password)", user.username)
    return token


@transaction.atomic
def token_revoke(*, user: User, reason: str = "revoked by the user") -> bool:
    """Delete `user`'s token; True if he had one."""
    _lock_user(user)
    deleted = Token.objects.filter(user=user).delete()[0] > 0
    if deleted:
        logger.info("API token of %s revoked: %s", user.username, reason)
    return deleted


def revoke_on_password_change(sender: object, user: User, **kwargs: object) -> None:
    """Receiver of `presales.accounts.signals.password_changed` (connected in ApiConfig)."""
    token_revoke(user=user, reason="the password changed")
