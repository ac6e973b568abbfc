from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SolutionsConfig(AppConfig):
    name = "presales.solutions"
    verbose_name = _("Solutions and reviews")
