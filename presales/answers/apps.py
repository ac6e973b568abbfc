from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnswersConfig(AppConfig):
    name = "presales.answers"
    verbose_name = _("Answer library")

    def ready(self):
        from presales.answers import plug

        plug.register()  # the approvals hooks of a proposed change, the search source
