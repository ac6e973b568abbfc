"""What every step of the demo build shares, passed to each as its first argument.

The build (presales.demo.steps) is plain functions by domain, each taking a `DemoContext`:
the demo's people by login, the clock and "today", and the random sources. Besides those,
two small records travel with it: `Made`, what earlier steps made that later ones look up
(products, quotes…), and `Turns`, where the demo's scripted sequences stand.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from presales.accounts.models import User
from presales.catalog.models import Product, SystemRule
from presales.demo.clock import Clock
from presales.demo.data import contracts, opportunities, quotes
from presales.quotes.models import Quote

SEED = 20260315  # fixed: every load builds the same department


@dataclass
class Made:
    """What earlier steps of the build made, for the later ones to find."""

    products: dict[str, Product] = field(default_factory=dict)  # by model code
    system_rules: dict[str, SystemRule] = field(default_factory=dict)  # by the first word of the name: "IMPS48"
    quotes: dict[int, Quote] = field(default_factory=dict)  # the quote list of each opportunity, by its id
    # (request id, days from filing to wanted-by) of requests finished in the past: their
    # dates follow the back-dating
    history_requests: list[tuple[int, int]] = field(default_factory=list)
    docx_files: int = 0  # files generated for deliverables so far (a few only: the media folder stays small)
    xlsx_files: int = 0
    serial: int = 0  # the last tender or contract number written into a deliverable


@dataclass
class Turns:
    """Where the demo's scripted sequences stand: each list of presales.demo.data is taken in
    turn (round the list), so every case it names occurs; the flags are stories told once."""

    consulting_solutions: Iterator[list[str]] = field(
        default_factory=lambda: itertools.cycle(opportunities.CONSULTING_SOLUTIONS)
    )
    implementation_handovers: Iterator[str | None] = field(
        default_factory=lambda: itertools.cycle(opportunities.IMPLEMENTATION_HANDOVERS)
    )
    current_contracts: Iterator[str] = field(default_factory=lambda: itertools.cycle(contracts.CURRENT_CONTRACTS))
    bid_margins: Iterator[Decimal] = field(default_factory=lambda: itertools.cycle(quotes.BID_MARGINS))
    current_bids: Iterator[str] = field(default_factory=lambda: itertools.cycle(quotes.CURRENT_BIDS))
    cost_factors: Iterator[Decimal] = field(default_factory=lambda: itertools.cycle(contracts.COST_FACTORS))
    bid_returned: bool = False  # one bid is returned once by the price review and priced again
    contract_returned: bool = False  # one signed contract was returned by the contract review first


@dataclass
class DemoContext:
    """The demo's people by login, the clock, today, and the random sources.

    Three random streams, one per part of the story, so that a change in one part (one more
    draw in the quotes, say) leaves the other parts' stories as they were: `rng` for people,
    customers, opportunities and their deliverables; `workflow_rng` for service requests,
    solutions and handovers; `commerce_rng` for the catalog, quotes and contracts.
    """

    now: datetime
    today: date
    rng: random.Random
    workflow_rng: random.Random
    commerce_rng: random.Random
    clock: Clock = field(default_factory=Clock)
    users: dict[str, User] = field(default_factory=dict)  # by login (presales.demo.data.people)
    # the stretch of the demo's history being built: what a step dates "a third of the way
    # through the stage" falls in
    span: tuple[datetime, datetime] | None = None
    made: Made = field(default_factory=Made)
    turns: Turns = field(default_factory=Turns)

    @classmethod
    def create(cls, *, seed: int = SEED) -> DemoContext:
        now = timezone.now()
        return cls(
            now=now,
            today=timezone.localdate(now),
            rng=random.Random(seed),
            workflow_rng=random.Random(seed + 1),
            commerce_rng=random.Random(seed + 2),
            span=(now, now),
        )

    def user(self, login: str | None) -> User | None:
        """The demo person with this login; None for none (an opportunity without a lead)."""
        return self.users[login] if login else None

    def moment(self, days_ago: int) -> datetime:
        """A working-hours moment about `days_ago` days before today (a weekend becomes the Friday)."""
        return self.on_day(self.today - timedelta(days=days_ago))

    def on_day(self, day: date) -> datetime:
        day -= timedelta(days=max(day.weekday() - 4, 0))
        at = time(self.rng.randint(9, 16), self.rng.choice([0, 10, 20, 30, 40, 50]))
        return timezone.make_aware(datetime.combine(day, at))

    def day(self, fraction: float) -> date:
        """A date `fraction` of the way through the stretch being built (never after today)."""
        start, end = self.span
        return min(timezone.localtime(start + (end - start) * fraction).date(), self.today)
