"""Who may see and do what with quotes. A quote is visible exactly when its opportunity is;
cost, channel price and margin only to presales.accounts.roles.sees_cost."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from presales.accounts.models import User
from presales.accounts.roles import Role, has_role, is_manager, sees_cost  # noqa: F401 (re-exported)
from presales.lib.services import require
from presales.lib.views import get_or_404
from presales.opportunities.access import can_contribute, on_visible_opportunities
from presales.opportunities.models import Opportunity, OpportunityMember, OpportunityStatus
from presales.quotes.models import Quote, QuoteLine, QuoteVersion


def quotes_visible_to(user: User) -> QuerySet[Quote]:
    return on_visible_opportunities(Quote.objects.all(), user)


def can_create(user: User, opportunity: Opportunity) -> bool:
    return can_contribute(user, opportunity)


def can_edit(user: User, quote: Quote) -> bool:
    """Edit draft versions, add versions: whoever contributes to the opportunity."""
    return can_contribute(user, quote.opportunity)


def quotes_editable_by(user: User) -> QuerySet[Quote]:
    """`can_edit` (= opportunities.access.can_contribute) as one queryset, for lists: the
    per-object guard asks the database about team membership once per row."""
    qs = quotes_visible_to(user).filter(opportunity__status=OpportunityStatus.ACTIVE)
    if is_manager(user) or has_role(user, Role.COMMERCIAL):
        return qs
    return qs.filter(
        Q(opportunity__sales_owner=user)
        | Q(opportunity__presales_lead=user)
        | Q(opportunity_id__in=OpportunityMember.objects.filter(user=user).values("opportunity_id"))
    )


def can_submit(user: User, quote: Quote) -> bool:
    """Send a version to price review: the sales owner, the presales lead, commercial, managers."""
    opportunity = quote.opportunity
    if not opportunity.is_active:
        return False
    return (
        user.pk in (opportunity.sales_owner_id, opportunity.presales_lead_id)
        or is_manager(user)
        or has_role(user, Role.COMMERCIAL, Role.GENERAL_MANAGER)
    )


ACTIONS: dict[str, Callable[[User, Quote], bool]] = {
    "view": lambda user, q: True,
    "edit": can_edit,
    "submit": can_submit,
}


def get_quote_for(user: User, pk: object, action: str = "view") -> Quote:
    quote = get_or_404(
        quotes_visible_to(user).select_related(
            "opportunity", "opportunity__customer", "opportunity__current_stage", "created_by"
        ),
        pk=pk,
    )
    require(ACTIONS[action](user, quote))
    return quote


def get_version_for(user: User, pk: object, action: str = "view") -> QuoteVersion:
    version = get_or_404(
        QuoteVersion.objects.filter(quote__in=quotes_visible_to(user)).select_related(
            "quote", "quote__opportunity", "quote__opportunity__customer", "created_by"
        ),
        pk=pk,
    )
    require(ACTIONS[action](user, version.quote))
    return version


def get_line_for(user: User, pk: object, action: str = "view") -> QuoteLine:
    line = get_or_404(
        QuoteLine.objects.filter(version__quote__in=quotes_visible_to(user)).select_related(
            "version", "version__quote", "version__quote__opportunity", "section"
        ),
        pk=pk,
    )
    require(ACTIONS[action](user, line.version.quote))
    return line
