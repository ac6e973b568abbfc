from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class ApprovalsConfig(AppConfig):
    name = "presales.approvals"
    verbose_name = _("Approvals")

    def ready(self):
        from django.db.models.signals import pre_delete

        from presales.lib.signals import opportunity_closed

        pre_delete.connect(_end_approvals_of_deleted, dispatch_uid="approvals_end_for_deleted")
        opportunity_closed.connect(_withdraw_approvals_of_closed, dispatch_uid="approvals_withdraw_for_closed")


def _end_approvals_of_deleted(sender, instance, **kwargs):
    """Like on_delete for a foreign key: the engine's generic link to its object cannot
    cascade, so a deleted object's pending approvals are ended here, whoever deletes it."""
    from presales.approvals import registry, services

    if registry.is_registered(sender):
        services.approvals_end_for_deleted(instance)


def _withdraw_approvals_of_closed(sender, opportunity, user, **kwargs):
    """An opportunity closed: what still waits for approval about it is withdrawn, with a note."""
    from django.utils.translation import gettext

    from presales.approvals import services

    services.approvals_withdraw_for_closed(opportunity_id=opportunity.pk, user=user, note=gettext(CLOSED_NOTE))


# Stored on the round in the language of whoever closed the opportunity (as a typed reason is).
CLOSED_NOTE = gettext_noop("The opportunity was closed: the approval was withdrawn automatically.")
