from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "presales.contracts"
    verbose_name = _("Contracts and final profit")

    def ready(self):
        from presales.contracts import selectors as section_selectors
        from presales.lib import sections

        sections.register(
            "opportunity",
            sections.Section(
                key="contracts",
                title=_("Contracts"),
                template="contracts/_opportunity_section.html",
                context=lambda opportunity, user: {
                    "contracts_section": section_selectors.for_opportunity(opportunity, user)
                },
                order=30,
            ),
        )
        from presales.approvals.registry import TargetHooks, register
        from presales.contracts.models import Contract
        from presales.contracts.services import contract_url, review
        from presales.opportunities.access import sees_opportunity

        register(
            Contract,
            TargetHooks(
                on_approved=review.on_review_approved,
                on_rejected=review.on_review_rejected,
                on_withdrawn=review.on_review_withdrawn,
                can_view=lambda user, c: sees_opportunity(user, c.opportunity_id),
                opportunity=lambda c: c.opportunity,
                url=contract_url,
                # Stored on the round: the seed's document names, not the submitter's language.
                title=lambda c: f"《{c.document_name}》 {c.number} · {c.opportunity.name}",
                amount=lambda c: c.amount,
                margins=section_selectors.review_margins,
            ),
        )
