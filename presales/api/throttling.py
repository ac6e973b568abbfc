"""DRF's rate throttles with the rates read from settings on every request.

DRF copies DEFAULT_THROTTLE_RATES into a class attribute when it is first imported, so a rate
changed afterwards (override_settings in a test, a settings reload) would be ignored. The
counters live in the default cache (see docs/security-api.md: one per process with the
default local-memory cache)."""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.settings import api_settings


class _RatesFromSettings:
    @property
    def THROTTLE_RATES(self):  # noqa: N802 — the name DRF reads
        return api_settings.DEFAULT_THROTTLE_RATES


class UserRateThrottle(_RatesFromSettings, throttling.UserRateThrottle):
    """Per signed-in user (rate "user"); anonymous callers fall to AnonRateThrottle."""


class AnonRateThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    """Per client address, for anonymous callers of the views open to them (rate "anon")."""


class ScopedRateThrottle(_RatesFromSettings, throttling.ScopedRateThrottle):
    """Per view scope (`throttle_scope`), e.g. "token" for POST /api/token/."""
