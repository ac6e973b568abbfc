from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TendersConfig(AppConfig):
    name = "presales.tenders"
    verbose_name = _("Tenders")

    def ready(self):
        from presales.tenders import plug

        plug.register()  # sections on the opportunity page and "my work"
