"""Token authentication with an expiry: DRF's own token, refused once it is older than
PRESALES_API_TOKEN_DAYS days (0: tokens never expire)."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from presales.api import services


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if services.token_is_expired(token):
            expired = formats.date_format(timezone.localtime(services.token_expires_at(token)), "Y-m-d H:i")
            raise AuthenticationFailed(
                _("This API token expired on %(date)s. Make a new one under the user menu → “API token”.")
                % {"date": expired}
            )
        return user, token
