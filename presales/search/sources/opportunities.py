"""What opportunities put in the one search: opportunities and activities (registered by the
search app, since the core may not import it).

An opportunity is found by its code, name, customer, competitors and description; an
activity by its subject, outcome and next step. Who finds them is opportunities.access (an
activity is seen exactly when its opportunity is). Amounts and budgets are not indexed: a
snippet must never show what the list would hide.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.accounts.roles import sees_all
from presales.opportunities.access import opportunities_visible_to
from presales.opportunities.models import Activity, Opportunity
from presales.search.registry import Passage, Source, register, related_by


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def opportunity_passage(opportunity: Opportunity) -> Passage:
    customer = opportunity.customer
    return Passage(
        title=opportunity.name,
        body=_join(opportunity.description, opportunity.close_reason),
        url=reverse("opportunities:detail", args=[opportunity.pk]),
        keywords=_join(
            opportunity.code,
            customer.name,
            customer.short_name,
            opportunity.competitors,
            opportunity.winning_competitor,
        ),
        industry=opportunity.industry,
        year=opportunity.created_at.year if opportunity.created_at else None,
        updated_at=opportunity.updated_at,
    )


def activity_passage(activity: Activity) -> Passage:
    opportunity = activity.opportunity
    return Passage(
        title=activity.subject,
        body=_join(activity.outcome, activity.next_step, activity.people),
        url=reverse("opportunities:detail", args=[opportunity.pk]),
        keywords=_join(opportunity.code, opportunity.name, opportunity.customer.name),
        industry=opportunity.industry,
        year=activity.occurred_on.year if activity.occurred_on else None,
        updated_at=activity.created_at,
    )


def opportunities_visible(user: User) -> QuerySet | None:
    """None for the roles that see every opportunity (sees_all): no IN over every row."""
    return None if sees_all(user) else opportunities_visible_to(user).values("pk")


def activities_visible(user: User) -> QuerySet | None:
    if sees_all(user):
        return None
    return Activity.objects.filter(opportunity_id__in=opportunities_visible_to(user).values("pk")).values("pk")


register(
    Source(
        type="opportunity",
        label=_("Opportunity"),
        model="opportunities.Opportunity",
        document=opportunity_passage,
        queryset=lambda: Opportunity.objects.select_related("customer"),
        visible=opportunities_visible,
        related=(related_by("customers.Customer", Opportunity, "customer_id"),),  # its text shows the name
        order=10,
    )
)
register(
    Source(
        type="activity",
        label=capfirst(_("activity")),
        model="opportunities.Activity",
        document=activity_passage,
        queryset=lambda: Activity.objects.select_related("opportunity__customer"),
        visible=activities_visible,
        # An activity's keywords show its opportunity's code and name and the customer's name.
        related=(
            related_by("opportunities.Opportunity", Activity, "opportunity_id"),
            related_by("customers.Customer", Activity, "opportunity__customer_id"),
        ),
        order=15,
    )
)
