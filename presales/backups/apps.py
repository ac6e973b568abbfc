from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """Database upkeep: `manage.py backup` and `manage.py restore` (docs/backup.md), and the
    planner's statistics, refreshed after every migrate (presales.lib.db). No models."""

    name = "presales.backups"
    verbose_name = _("Backups")

    def ready(self) -> None:
        post_migrate.connect(_refresh_statistics, sender=self, dispatch_uid="presales.backups.statistics")


def _refresh_statistics(sender, using="default", **kwargs) -> None:
    from presales.lib.db import refresh_statistics

    refresh_statistics(using)
