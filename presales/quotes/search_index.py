"""What quotes put in the one search (presales.search).

A quote (项目报价清单) is found by its code, title, opportunity and customer, and by the
lines of its current (latest) version: model code, name, spec and note — never a price,
cost, channel price or total (a snippet must not show what only sees_cost may read, and an
amount is not a search word). The catalog products of those lines are its "product" facet.
Who finds it is quotes.access (exactly who sees its opportunity). Every change of a line
saves its version (quotes.services._common.touch), which re-indexes the quote (`related`).
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.accounts.roles import sees_all
from presales.opportunities.access import opportunities_visible_to
from presales.quotes.models import Quote, QuoteLine, QuoteVersion
from presales.search.registry import Passage, Source, register, related_by


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def current_version(quote: Quote) -> QuoteVersion | None:
    versions = getattr(quote, "version_list", None)
    if versions is None:
        versions = list(quote.versions.order_by("-number")[:1])
    return versions[0] if versions else None


def line_text(line: QuoteLine) -> str:
    words = [line.model_code, line.name, line.spec, line.note]
    if line.section is not None:
        words.insert(0, line.section.name)
    return " ".join(word for word in words if word)


def quote_passage(quote: Quote) -> Passage:
    opportunity = quote.opportunity
    version = current_version(quote)
    lines = list(version.lines.all()) if version is not None else []
    products = dict.fromkeys(line.product.name for line in lines if line.product is not None)
    return Passage(
        title=quote.title,
        body=_join(version.note if version else "", *(line_text(line) for line in lines)),
        url=reverse("quotes:detail", args=[quote.pk]),
        keywords=_join(quote.code, opportunity.code, opportunity.name, opportunity.customer.name),
        product=", ".join(products),
        industry=opportunity.industry,
        year=quote.created_at.year if quote.created_at else None,
        updated_at=quote.updated_at,
    )


def quotes_visible(user: User) -> QuerySet | None:
    """None for the roles that see every opportunity (sees_all): no IN over every row."""
    if sees_all(user):
        return None
    return Quote.objects.filter(opportunity_id__in=opportunities_visible_to(user).values("pk")).values("pk")


def quotes_to_index() -> QuerySet[Quote]:
    lines = QuoteLine.objects.select_related("section", "product").order_by("order", "id")
    versions = QuoteVersion.objects.order_by("quote_id", "-number").prefetch_related(Prefetch("lines", queryset=lines))
    return Quote.objects.select_related("opportunity__customer").prefetch_related(
        Prefetch("versions", queryset=versions, to_attr="version_list")
    )


register(
    Source(
        type="quote",
        label=_("Quote list"),
        model="quotes.Quote",
        document=quote_passage,
        queryset=quotes_to_index,
        visible=quotes_visible,
        related=(
            ("quotes.QuoteVersion", "quote_id"),
            related_by("opportunities.Opportunity", Quote, "opportunity_id"),
            related_by("customers.Customer", Quote, "opportunity__customer_id"),
        ),
        order=60,
    )
)
