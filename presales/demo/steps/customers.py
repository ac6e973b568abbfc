"""The demo's customers and their contacts, created through the customers' services by the
sales rep who owns each customer."""

from __future__ import annotations

from presales.customers.models import Contact, Customer
from presales.customers.services import contact_save, customer_create
from presales.demo.context import DemoContext
from presales.demo.data.customers import (
    CONCERNS,
    CONCERNS_BY_INDUSTRY,
    CONTACT_TITLES,
    CUSTOMERS,
    GIVEN_NAMES,
    SURNAMES,
    business_of,
)
from presales.demo.data.opportunities import MAX_AGE_DAYS
from presales.demo.data.records import DemoCustomer


def build_customers(ctx: DemoContext) -> tuple[dict[str, Customer], dict[str, list[Contact]]]:
    """The customers and their contacts, created by their owners: both by customer key."""
    customers: dict[str, Customer] = {}
    contacts: dict[str, list[Contact]] = {}
    ctx.clock.phase(ctx.moment(MAX_AGE_DAYS + 40), ctx.moment(MAX_AGE_DAYS + 5))
    for spec in CUSTOMERS:
        owner = ctx.users[spec.owner]
        customer = customer_create(
            user=owner,
            data={
                "name": spec.name,
                "short_name": spec.short_name,
                "industry": spec.industry,
                "region": spec.region,
                "size": spec.size,
                "source": spec.source,
                "status": spec.status,
                "owner": owner,
                "address": spec.address,
                "notes": spec.notes,
            },
        )
        customers[spec.key] = customer
        contacts[spec.key] = [
            contact_save(customer=customer, user=owner, data=values) for values in contact_values(ctx, spec)
        ]
    return customers, contacts


def contact_values(ctx: DemoContext, spec: DemoCustomer) -> list[dict]:
    """One to three invented contacts: the decision maker first, each with a stance and concerns."""
    titles = CONTACT_TITLES[spec.industry]
    chosen = [titles[0], *ctx.rng.sample(titles[1:], ctx.rng.randint(0, min(2, len(titles) - 1)))]
    business = business_of(spec.industry)
    used: set[str] = set()
    contacts = []
    for title, decision_role in chosen:
        while True:
            (surname, sur_py), (given, given_py) = ctx.rng.choice(SURNAMES), ctx.rng.choice(GIVEN_NAMES)
            if surname + given not in used:
                used.add(surname + given)
                break
        attitude = ctx.rng.choices(
            ["champion", "favourable", "neutral", "sceptical", "opposed"], weights=[2, 4, 4, 2, 1]
        )[0]
        pool = CONCERNS[business] + CONCERNS_BY_INDUSTRY.get(spec.industry, [])
        concerns = "；".join(ctx.rng.sample(pool, ctx.rng.randint(1, 2)))
        contacts.append(
            {
                "name": surname + given,
                "title": title,
                "phone": f"1{ctx.rng.choice('3589')}{ctx.rng.randint(100000000, 999999999)}",
                "email": f"{sur_py}{given_py}@{spec.mail_slug}.example.com" if ctx.rng.random() < 0.6 else "",
                "decision_role": decision_role,
                "attitude": attitude,
                "concerns": concerns,
            }
        )
    return contacts
