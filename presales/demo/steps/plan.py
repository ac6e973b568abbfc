"""One opportunity's story, decided before it is built: the stages it enters (a stage repeats
after a move back) and when, how it ends, who owns it and who leads the presales work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from presales.customers.models import Contact, Customer
from presales.demo.context import DemoContext
from presales.demo.data.customers import CUSTOMERS, business_of
from presales.demo.data.opportunities import MAX_AGE_DAYS, STAGE_DAYS
from presales.demo.data.people import ENGINEERS
from presales.demo.data.records import DemoOpportunity
from presales.opportunities.models import OpportunityStatus, SkipCondition, Stage


@dataclass
class Plan:
    spec: DemoOpportunity
    business: str
    status: str
    moves: list[Stage]
    entries: list[datetime]
    work_end: datetime
    closed_at: datetime | None
    owner: str
    lead: str | None
    customer: Customer
    contacts: list[Contact]
    quiet: bool = False  # nobody logged an activity

    @property
    def final(self) -> Stage:
        return self.moves[-1]


def plan_story(
    ctx: DemoContext, spec: DemoOpportunity, customer: Customer, contacts: list[Contact], stages: list[Stage]
) -> Plan:
    business = business_of(customer.industry)
    kind, _sep, where = spec.outcome.partition(":")
    path = [s for s in stages if not (s.skip_condition == SkipCondition.NO_TENDER and not spec.has_tender)]
    by_role = {s.role: s for s in path}
    if kind == "won":
        status, final = OpportunityStatus.WON, "implementation"
    elif kind in ("lost", "abandoned"):
        status, final = OpportunityStatus(kind), where
    elif kind == "back":
        status, final = OpportunityStatus.ACTIVE, "tracking"
    else:
        status, final = OpportunityStatus.ACTIVE, kind
    moves = path[: path.index(by_role[final]) + 1]
    if kind == "back":
        moves.append(by_role[where])

    low_high = [STAGE_DAYS[s.role] for s in moves]
    days = [ctx.rng.randint(*pair) for pair in low_high[:-1]]
    low, high = low_high[-1]
    closed_ago = ctx.rng.randint(5, 110) if status != OpportunityStatus.ACTIVE else 0
    days.append(ctx.rng.randint(low, high) if closed_ago else ctx.rng.randint(2, high))
    total = sum(days) + closed_ago
    if total > MAX_AGE_DAYS:
        scale = (MAX_AGE_DAYS - closed_ago) / sum(days)
        days = [max(2, int(d * scale)) for d in days]
    ago = sum(days) + closed_ago
    entries: list[datetime] = []
    for d in days:
        entry = ctx.moment(ago)
        if entries and entry <= entries[-1]:  # two weekend days moved to one Friday
            entry = entries[-1] + timedelta(hours=1)
        entries.append(entry)
        ago -= d
    closed_at = ctx.moment(closed_ago) if closed_ago else None
    if closed_at:
        work_end = closed_at - timedelta(hours=2)
    else:
        work_end = min(ctx.moment(0), ctx.now - timedelta(hours=1))
    work_end = max(work_end, entries[-1] + timedelta(hours=2))

    engineers = ENGINEERS[business]
    lead = ctx.rng.choices(engineers, weights=[4, 4, 1])[0]
    if kind == "contact" and ctx.rng.random() < 0.3:
        lead = None  # the manager has not assigned an engineer yet
    owner = next(c.owner for c in CUSTOMERS if c.key == spec.customer)
    quiet = ctx.rng.random() < 0.1
    return Plan(
        spec,
        business,
        status,
        moves,
        entries,
        work_end,
        closed_at,
        owner,
        lead,
        customer=customer,
        contacts=contacts,
        quiet=quiet,
    )
