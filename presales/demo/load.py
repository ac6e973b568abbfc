"""Loading the demo department: the steps of presales.demo.steps in order, in one transaction.

Customers, contacts and opportunities are created, worked and moved through the gates only
by calling the services as a demo person who has the right to do it, so the demo also
exercises the rules. Everything is written "now"; the clock (presales.demo.clock) remembers
which stretch of the demo's history each step stands for, and steps.backdate rewrites the
timestamps afterwards.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from presales.accounts.models import User
from presales.catalog.models import Component, ComponentPrice, Product
from presales.contracts.models import ActualCost, Contract
from presales.customers.models import Customer, normalize_name
from presales.demo.context import DemoContext
from presales.demo.data.customers import CUSTOMERS
from presales.demo.data.opportunities import OPPORTUNITIES
from presales.demo.data.people import DEMO_USERNAMES
from presales.demo.steps.answers import build_answers
from presales.demo.steps.backdate import backdate
from presales.demo.steps.catalog import build_catalog
from presales.demo.steps.customers import build_customers
from presales.demo.steps.knowledge import build_library
from presales.demo.steps.knowledge_cases import build_knowledge_cases
from presales.demo.steps.opportunities import build_opportunity
from presales.demo.steps.people import build_people
from presales.demo.steps.plan import Plan, plan_story
from presales.demo.steps.requests import current_requests
from presales.demo.steps.responses import build_responses
from presales.demo.steps.tenders import build_tenders
from presales.handover.models import AcceptanceReport, Handover
from presales.knowledge.models import Document, DocumentVersion
from presales.notifications.models import Notification
from presales.opportunities import services
from presales.opportunities.models import Activity, Deliverable, Opportunity, OpportunityStatus
from presales.quotes.models import Quote, QuoteLine, QuoteVersion
from presales.service_requests.models import RequirementsForm, ServiceRequest, SiteSurvey
from presales.solutions.models import QASession, Review, Solution, SolutionVersion


def demo_present() -> list[str]:
    """The demo user names and customer names already in the database."""
    found = list(
        User.objects.filter(username__in=DEMO_USERNAMES).order_by("username").values_list("username", flat=True)
    )
    names = {normalize_name(c.name): c.name for c in CUSTOMERS}
    found += [names[key] for key in Customer.objects.filter(name_key__in=names).values_list("name_key", flat=True)]
    return found


def other_data_present() -> bool:
    """Customers or opportunities that are not the demo's: demo data goes into an empty database only."""
    return Customer.objects.exists() or Opportunity.objects.exists()


@dataclass
class Summary:
    users: int = 0
    customers: int = 0
    contacts: int = 0
    opportunities: int = 0
    deliverables: int = 0
    activities: int = 0
    files: int = 0
    workflows: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)


def load_demo() -> Summary:
    # The demo's notifications are marked e-mailed before its transaction commits; the e-mail
    # task enqueued for each of them then finds nothing to send — without logging it each time.
    tasks_log = logging.getLogger("django.tasks")
    level = tasks_log.level
    tasks_log.setLevel(logging.WARNING)
    try:
        return build(DemoContext.create())
    finally:
        tasks_log.setLevel(level)


def build(ctx: DemoContext) -> Summary:
    with transaction.atomic():
        ctx.clock.start()
        build_people(ctx)
        build_catalog(ctx)  # entered before the first customer
        customers, contacts = build_customers(ctx)
        stages = list(services.default_template().stages.order_by("order").prefetch_related("deliverable_types"))
        plans = sorted(
            (
                plan_story(ctx, spec, customers[spec.customer], contacts[spec.customer], stages)
                for spec in OPPORTUNITIES
            ),
            key=lambda p: p.entries[0],
        )
        opportunity_ids: list[int] = []
        open_now: list[tuple[Opportunity, Plan, dict]] = []  # active before 实施: they get today's requests
        for plan in plans:
            opportunity, words = build_opportunity(ctx, plan)
            if plan.status == OpportunityStatus.ACTIVE and plan.final.role != "implementation":
                open_now.append((opportunity, plan, words))
            opportunity_ids.append(opportunity.pk)
        current_requests(ctx, open_now)
        build_library(ctx)
        build_knowledge_cases(ctx)  # success cases, competitor profiles, published deliverables
        build_answers(ctx)  # the answer library (应答集锦)
        build_tenders(ctx, opportunity_ids)  # today's bids in 招标/投标, the lost bids' outcomes
        build_responses(ctx, opportunity_ids)  # a deviation table half done on one bid
        ctx.clock.stop()
        backdate(ctx, opportunity_ids)
        # The demo's approvals notify its people in the app; nobody is e-mailed about them.
        Notification.objects.filter(recipient__in=list(ctx.users.values()), emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        # People read their notifications as they went: only the last few days' are unread.
        Notification.objects.filter(
            recipient__in=list(ctx.users.values()), created_at__lt=timezone.now() - timedelta(days=3)
        ).update(read_at=F("created_at"))
    opportunities = Opportunity.objects.filter(pk__in=opportunity_ids)
    deliverables = Deliverable.objects.filter(opportunity__in=opportunities)
    return Summary(
        users=len(ctx.users),
        customers=len(customers),
        contacts=sum(len(c) for c in contacts.values()),
        opportunities=opportunities.count(),
        deliverables=deliverables.count(),
        activities=Activity.objects.filter(opportunity__in=opportunities).count(),
        files=deliverables.exclude(file="").count(),
        by_status={status: opportunities.filter(status=status).count() for status in OpportunityStatus.values},
        workflows=workflow_counts(),
    )


def workflow_counts() -> dict[str, int]:
    """How many of each of the presales department's own records the demo holds."""
    kinds = {
        "service requests": ServiceRequest,
        "site surveys": SiteSurvey,
        "requirements forms": RequirementsForm,
        "solutions": Solution,
        "solution versions": SolutionVersion,
        "reviews": Review,
        "on-site Q&A": QASession,
        "handovers": Handover,
        "acceptance reports": AcceptanceReport,
        "products": Product,
        "components": Component,
        "component prices": ComponentPrice,
        "quotes": Quote,
        "quote versions": QuoteVersion,
        "quote lines": QuoteLine,
        "contracts": Contract,
        "actual costs": ActualCost,
        "library documents": Document,
        "library document versions": DocumentVersion,
    }
    return {name: model.objects.count() for name, model in kinds.items()}
