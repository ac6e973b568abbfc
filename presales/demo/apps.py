from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for `make run`: the load_demo and demo_logins commands. No models."""

    name = "presales.demo"
    verbose_name = _("Demo data")
