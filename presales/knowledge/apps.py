from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "presales.knowledge"
    verbose_name = _("Knowledge base")

    def ready(self):
        from presales.knowledge import plug

        plug.register()  # cases, competitors and links: sections and reuse counters
