from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuotesConfig(AppConfig):
    name = "presales.quotes"
    verbose_name = _("Quote lists and price review")
