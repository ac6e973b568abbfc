"""Absolute session timeout; the logged-in user's language (UserLanguageMiddleware).

The idle timeout is the session cookie's age, renewed on every request
(SESSION_COOKIE_AGE + SESSION_SAVE_EVERY_REQUEST). This middleware adds the absolute
limit: however active, a session ends SESSION_ABSOLUTE_TIMEOUT seconds after log-in.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import translation
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "presales_auth_started_at"


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - int(started) > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class UserLanguageMiddleware:
    """The language of a logged-in user's pages: his own choice (User.language), else the
    organisation's default (LANGUAGE_CODE) — never his browser's. Before log-in (the log-in
    page) LocaleMiddleware's choice stands: the language cookie, else the browser's
    Accept-Language. Goes after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            language = user.language or settings.LANGUAGE_CODE
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
