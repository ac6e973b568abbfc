"""The pages and API endpoints the benchmark measures, their addresses read from the
generated database (the ids of the opportunity and of the 2,000-line quote version)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# Who the load logs in as (bench/generate.py makes them): a presales manager sees every
# opportunity of the company; a sales rep sees his own.
LOGINS = {"manager": "bench_manager", "rep": "bench_rep"}


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    weight: int  # share of the mixed load
    rounds: int  # requests in the per-page (bounded, sequential) run

    def as_dict(self) -> dict:
        return asdict(self)


def pages() -> list[Page]:
    """Read the ids from the database (Django set up)."""
    from django.db.models import Count

    from presales.opportunities.models import Opportunity
    from presales.quotes.models import QuoteVersion

    opportunity = (
        Opportunity.objects.filter(sales_owner__username=LOGINS["rep"])
        .annotate(n=Count("tasks"))
        .order_by("-current_stage__order", "-n", "pk")
        .first()
    )
    version = QuoteVersion.objects.order_by("-line_count", "pk").first()
    found = [
        Page("floor", "/bench/floor/", 10, 40),
        Page("home", "/", 10, 30),
        Page("opportunity list", "/opportunities/", 10, 30),
        Page("opportunity detail", f"/opportunities/{opportunity.pk}/" if opportunity else "", 8, 30),
        Page("board", "/opportunities/board/", 8, 20),
        Page("customer list", "/customers/", 6, 30),
        Page("dispatch", "/requests/dispatch/", 3, 10),
        Page("approvals inbox", "/approvals/", 6, 30),
        Page("quote version (largest)", f"/quotes/versions/{version.pk}/" if version else "", 2, 10),
        Page("quote list", "/quotes/", 3, 30),
        Page("contract list", "/contracts/", 3, 30),
        Page("service request list", "/requests/", 5, 30),
        Page("solution list", "/solutions/", 3, 30),
        Page("opportunity export (xlsx)", "/opportunities/export/", 1, 4),
        Page("api opportunities", "/api/v1/opportunities/", 3, 30),
        Page("api quotes", "/api/v1/quotes/", 1, 20),
        Page("api quote-versions", "/api/v1/quote-versions/", 1, 10),
        Page("api quote-lines", "/api/v1/quote-lines/", 1, 20),
        Page("api contracts", "/api/v1/contracts/", 1, 20),
        Page("api products", "/api/v1/products/", 1, 20),
    ]
    return [p for p in found if p.path]
