from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "presales.approvals"
    verbose_name = _("Approvals")

    def ready(self):
        from django.db.models.signals import pre_delete

        pre_delete.connect(_end_approvals_of_deleted, dispatch_uid="approvals_end_for_deleted")


def _end_approvals_of_deleted(sender, instance, **kwargs):
    """Like on_delete for a foreign key: the engine's generic link to its object cannot
    cascade, so a deleted object's pending approvals are ended here, whoever deletes it."""
    from presales.approvals import registry, services

    if registry.is_registered(sender):
        services.approvals_end_for_deleted(instance)
