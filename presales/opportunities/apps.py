from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "presales.opportunities"
    verbose_name = _("Opportunities")

    def ready(self):
        from django.urls import reverse

        from presales.approvals.registry import TargetHooks, register
        from presales.opportunities import access, services
        from presales.opportunities.models import Deliverable

        register(
            Deliverable,
            TargetHooks(
                on_approved=services.on_deliverable_approved,
                on_rejected=services.on_deliverable_rejected,
                on_withdrawn=services.on_deliverable_withdrawn,
                can_view=lambda user, d: access.opportunities_visible_to(user).filter(pk=d.opportunity_id).exists(),
                opportunity=lambda d: d.opportunity,
                url=lambda d: reverse("opportunities:detail", args=[d.opportunity_id]) + f"#deliverable-{d.pk}",
                title=lambda d: f"《{d.title}》 v{d.version} · {d.opportunity.name}",
            ),
        )
