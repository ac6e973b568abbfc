from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "presales.opportunities"
    verbose_name = _("Opportunities")

    def ready(self):
        from django.urls import reverse

        from presales.approvals.registry import TargetHooks, register
        from presales.opportunities import access
        from presales.opportunities.models import Deliverable
        from presales.opportunities.services import deliverables

        register(
            Deliverable,
            TargetHooks(
                on_approved=deliverables.on_deliverable_approved,
                on_rejected=deliverables.on_deliverable_rejected,
                on_withdrawn=deliverables.on_deliverable_withdrawn,
                can_view=lambda user, d: access.sees_opportunity(user, d.opportunity_id),
                opportunity=lambda d: d.opportunity,
                url=lambda d: reverse("opportunities:detail", args=[d.opportunity_id]) + f"#deliverable-{d.pk}",
                title=lambda d: f"《{d.title}》 v{d.version} · {d.opportunity.name}",
            ),
        )

        _register_customer_visibility()
        _register_my_work()
        _register_customer()


def _register_customer_visibility() -> None:
    """A user sees the customers of the opportunities he sees, and the customer list counts
    only those opportunities (docs/permissions.md): the customers app asks through this rule
    instead of importing this app."""
    from presales.customers.access import SeenThrough, register_seen_through
    from presales.opportunities import access

    register_seen_through(
        SeenThrough(relation="opportunities", visible_to=access.opportunities_visible_to, count_as="opportunity_count")
    )


def _register_customer() -> None:
    """The customer page's cards: the customer's opportunities and its timeline (of the
    opportunities the user sees)."""
    from presales.events import selectors as event_selectors
    from presales.lib import sections
    from presales.opportunities import access

    def context(customer, user) -> dict:
        opportunities = (
            access.opportunities_visible_to(user).filter(customer=customer).with_list_data().order_by("-created_at")
        )
        return {"opportunities": opportunities, "can_create_opportunity": access.can_create(user)}

    sections.register(
        "customer",
        sections.Section(
            key="opportunities", template="opportunities/_customer_section.html", context=context, order=10
        ),
    )

    def timeline_context(customer, user) -> dict:
        """The customer's latest events, of the opportunities the user sees."""
        shown = event_selectors.for_customer(customer, user, opportunities=access.opportunities_visible_to(user))
        return {"customer_events": shown}

    sections.register(
        "customer",
        sections.Section(key="timeline", template="events/_customer_section.html", context=timeline_context, order=90),
    )


def _register_my_work() -> None:
    """The opportunities' cards of "my work" (the home page in presales.accounts)."""
    from presales.lib import sections
    from presales.opportunities import selectors

    def mine(user) -> list:  # both cards show the user's opportunities: read once per page
        return sections.shared("opportunities.mine", lambda: selectors.my_opportunities(user))

    def opportunities_context(_obj, user) -> dict:
        return {"my_opportunities": mine(user), "overdue_opportunities": selectors.overdue(mine(user))}

    for section in (
        sections.Section(
            key="pipeline",
            template="opportunities/my_work/_pipeline.html",
            context=lambda _obj, user: {"pipeline": selectors.pipeline_for(user)},
            order=10,
            slot="top",
        ),
        sections.Section(
            key="my_opportunities",
            template="opportunities/my_work/_opportunities.html",
            context=opportunities_context,
            order=10,
        ),
        sections.Section(
            key="awaiting_approval",
            template="opportunities/my_work/_awaiting_approval.html",
            context=lambda _obj, user: {"awaiting_approval": selectors.awaiting_approval(user)},
            order=10,
            slot="side",
        ),
        sections.Section(
            key="my_tasks",
            template="opportunities/my_work/_tasks.html",
            context=lambda _obj, user: selectors.my_tasks(user),
            order=30,
            slot="side",
        ),
        sections.Section(
            key="my_follow_ups",
            template="opportunities/my_work/_follow_ups.html",
            context=lambda _obj, user: selectors.my_follow_ups(user),
            order=20,
            slot="side",
        ),
        sections.Section(
            key="overdue_opportunities",
            template="opportunities/my_work/_overdue.html",
            context=lambda _obj, user: {"overdue_opportunities": selectors.overdue(mine(user))},
            order=40,
            slot="side",
        ),
    ):
        sections.register("my_work", section)
