from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponsesConfig(AppConfig):
    name = "presales.responses"
    verbose_name = _("Tender response")

    def ready(self):
        from presales.responses import plug

        plug.connect()
