from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuotesConfig(AppConfig):
    name = "presales.quotes"
    verbose_name = _("Quote lists and price review")

    def ready(self):
        from presales.lib import sections
        from presales.quotes import selectors as section_selectors

        sections.register(
            "opportunity",
            sections.Section(
                key="quotes",
                title=_("Quotes"),
                template="quotes/_opportunity_section.html",
                context=lambda opportunity, user: {
                    "quotes_section": section_selectors.for_opportunity(opportunity, user)
                },
                order=20,
            ),
        )
        # The configurator page of the catalog: add the configuration to a draft quote version.
        sections.register(
            "configurator",
            sections.Section(
                key="quotes",
                title=_("Add to a quote"),
                template="quotes/_add_configuration.html",
                context=section_selectors.configurator_section,
                order=10,
            ),
        )
        from presales.approvals.registry import TargetHooks, register
        from presales.lib.money import yuan
        from presales.opportunities.access import sees_opportunity
        from presales.quotes import services
        from presales.quotes.models import QuoteVersion

        register(
            QuoteVersion,
            TargetHooks(
                on_approved=services.on_version_approved,
                on_rejected=services.on_version_rejected,
                on_withdrawn=services.on_version_withdrawn,
                can_view=lambda user, v: sees_opportunity(user, v.quote.opportunity_id),
                opportunity=lambda v: v.quote.opportunity,
                url=services.version_url,
                title=lambda v: f"《项目报价清单》 {v.quote.code} v{v.number} {yuan(v.total_amount)}",
                amount=lambda v: v.total_amount,
                margins=section_selectors.review_margins,
            ),
        )
