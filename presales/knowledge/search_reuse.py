"""What success cases and competitor profiles put in the search index (presales.search),
imported by presales.knowledge.search_index.

- "case": title, customer as cited, scope, product model codes and names; industry, product
  and year facets. Every member of staff reads every case (access_reuse), so `visible` is
  None for them and nothing for an account without a role.
- "competitor": name, aliases, their products, strengths, weaknesses and typical prices, for
  the roles that read competitor intelligence only (access_reuse.COMPETITOR_READERS).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from presales.knowledge import access_reuse as access
from presales.knowledge.models_reuse import Competitor, SuccessCase
from presales.search.registry import Passage, Source, register


def case_passage(case: SuccessCase) -> Passage:
    products = list(case.products.all())
    return Passage(
        title=case.title,
        body="\n".join(part for part in (case.cited_customer, case.scope) if part),
        url=reverse("cases:detail", args=[case.pk]),
        keywords=" ".join([case.cited_customer, *(p.model_code for p in products)]),
        product=", ".join(p.name for p in products),
        industry=case.industry,
        year=case.year,
        updated_at=case.updated_at,
    )


def competitor_passage(competitor: Competitor) -> Passage:
    body = (competitor.products, competitor.strengths, competitor.weaknesses, competitor.typical_prices)
    return Passage(
        title=competitor.name,
        body="\n".join(part for part in body if part),
        url=reverse("competitors:detail", args=[competitor.pk]),
        keywords=" ".join(competitor.alias_list),
        updated_at=competitor.updated_at,
    )


def _none():
    return SuccessCase.objects.none().values("pk")


register(
    Source(
        type="case",
        label=_("Success case"),
        model="knowledge.SuccessCase",
        document=case_passage,
        queryset=lambda: SuccessCase.objects.select_related("customer").prefetch_related("products"),
        visible=lambda user: None if access.can_read_cases(user) else _none(),
        order=92,
    )
)
register(
    Source(
        type="competitor",
        label=_("Competitor"),
        model="knowledge.Competitor",
        document=competitor_passage,
        queryset=lambda: Competitor.objects.all(),
        visible=lambda user: None if access.can_read_competitors(user) else Competitor.objects.none().values("pk"),
        order=94,
    )
)
