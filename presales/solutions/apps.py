from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SolutionsConfig(AppConfig):
    name = "presales.solutions"
    verbose_name = _("Solutions and reviews")

    def ready(self):
        from presales.lib import sections
        from presales.solutions import selectors as section_selectors

        sections.register(
            "opportunity",
            sections.Section(
                key="solutions",
                title=_("Solutions"),
                template="solutions/_opportunity_section.html",
                context=lambda opportunity, user: {
                    "solutions_section": section_selectors.for_opportunity(opportunity, user)
                },
                order=10,
            ),
        )
        from presales.approvals.registry import TargetHooks, register
        from presales.opportunities.access import sees_opportunity
        from presales.solutions import services
        from presales.solutions.models import SolutionVersion

        register(
            SolutionVersion,
            TargetHooks(
                on_approved=services.on_version_approved,
                on_rejected=services.on_version_rejected,
                on_withdrawn=services.on_version_withdrawn,
                can_view=lambda user, v: sees_opportunity(user, v.solution.opportunity_id),
                opportunity=lambda v: v.solution.opportunity,
                url=services.version_url,
                # Stored on the round: document names in the seed's words, not in the submitter's language.
                title=lambda v: f"《{v.solution.title}》 {v.solution.code} v{v.number}",
            ),
        )
