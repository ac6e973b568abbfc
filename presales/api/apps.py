from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "presales.api"
    verbose_name = _("API")

    def ready(self):
        from presales.accounts.signals import password_changed
        from presales.api.services import revoke_on_password_change

        password_changed.connect(revoke_on_password_change, dispatch_uid="presales.api.revoke_tokens")
        checks.register(check_throttle_rates)


def check_throttle_rates(app_configs=None, **kwargs):
    """A mistyped PRESALES_API_RATE_* would otherwise answer 500 to every API request."""
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    errors = []
    for scope, rate in api_settings.DEFAULT_THROTTLE_RATES.items():
        try:
            number, _seconds = SimpleRateThrottle.parse_rate(None, rate)
            valid = number is None or number >= 1
        except (ValueError, KeyError, IndexError, AttributeError, TypeError):
            valid = False
        if not valid:
            errors.append(
                checks.Error(
                    f"The API throttle rate {scope!r} is {rate!r}: write it as <number>/<second|minute|hour|day>.",
                    hint="Set PRESALES_API_RATE_* (see .env.example); empty means no limit.",
                    id="presales.api.E001",
                )
            )
    return errors
