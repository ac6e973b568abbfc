from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoverConfig(AppConfig):
    name = "presales.handover"
    verbose_name = _("Handover to implementation")

    def ready(self):
        from presales.approvals.registry import TargetHooks, register
        from presales.handover import selectors, services
        from presales.handover.models import AcceptanceReport
        from presales.lib import sections
        from presales.opportunities.access import sees_opportunity

        def card(opportunity, user):
            section = selectors.for_opportunity(opportunity, user)
            return None if section is None else {"handover_section": section}

        sections.register(
            "opportunity",
            sections.Section(
                key="handover",
                title=_("Handover to implementation"),
                template="handover/_opportunity_section.html",
                context=card,
                order=11,  # just below the solutions (10)
            ),
        )
        register(
            AcceptanceReport,
            TargetHooks(
                on_approved=services.on_acceptance_approved,
                on_rejected=services.on_acceptance_rejected,
                on_withdrawn=services.on_acceptance_withdrawn,
                can_view=lambda user, r: sees_opportunity(user, r.handover.opportunity_id),
                opportunity=lambda r: r.handover.opportunity,
                url=lambda r: services.handover_url(r.handover),
                title=lambda r: f"《项目验收报告》 {r.handover.opportunity}",
            ),
        )
