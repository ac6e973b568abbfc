"""Build the demo department through the services, as its people would, then back-date it.

Customers, contacts and opportunities are created, worked and moved through the gates only
by calling the services (presales.customers.services, presales.opportunities.services) as a
demo person who has the right to do it: tasks ticked by the engineer or the sales rep,
deliverables submitted by whoever writes them and approved by the presales manager, stages
advanced by the gate, projects closed by their owner. So the demo also exercises the rules.

People and departments have no service yet (the admin screen manages them): they are
created directly.

Everything is written "now"; the `Clock` remembers which stretch of the demo's own history
each step stands for, and `backdate` rewrites the timestamps afterwards (see there).
"""

from __future__ import annotations

import bisect
import itertools
import logging
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from presales.accounts.models import Department, User
from presales.approvals.models import Approval
from presales.approvals.services import approval_decide
from presales.customers.models import Contact, Customer, normalize_name
from presales.customers.services import contact_save, customer_create
from presales.demo import data
from presales.demo.commerce import Commerce
from presales.demo.files import docx_file, quote_file
from presales.demo.flows import Flows
from presales.events.models import Event
from presales.notifications.models import Notification
from presales.opportunities import events as opportunity_events
from presales.opportunities import services
from presales.opportunities.models import (
    Activity,
    Deliverable,
    Opportunity,
    OpportunityStatus,
    OpportunityTask,
    SkipCondition,
    Stage,
    TeamRole,
)

SEED = 20260315  # fixed: every load builds the same department
MAX_AGE_DAYS = 300  # the oldest opportunity was opened about ten months ago
MAX_DOCX, MAX_XLSX = 24, 10  # attachments are generated for a few deliverables only
OWNER_WRITES = {"立项批复", "招标文件", "投标决策", "中标公告函"}
COMMERCIAL_WRITES = {"商务标书", "购销合同/采购合同"}


def demo_present() -> list[str]:
    """The demo user names and customer names already in the database."""
    found = list(
        User.objects.filter(username__in=data.DEMO_USERNAMES).order_by("username").values_list("username", flat=True)
    )
    names = {normalize_name(c.name): c.name for c in data.CUSTOMERS}
    found += [names[key] for key in Customer.objects.filter(name_key__in=names).values_list("name_key", flat=True)]
    return found


def other_data_present() -> bool:
    """Customers or opportunities that are not the demo's: demo data goes into an empty database only."""
    return Customer.objects.exists() or Opportunity.objects.exists()


# ---------------------------------------------------------------------------
# Time: what the build writes now stands for the demo's past
# ---------------------------------------------------------------------------
WORK_START = 9 * 3600  # the working day: 09:00–18:00, Monday to Friday
WORK_SECONDS = 9 * 3600
MONDAY = date(2024, 1, 1)


def work_position(moment: datetime) -> float:
    """Working seconds from MONDAY to `moment` (nights and weekends count for nothing)."""
    local = timezone.localtime(moment)
    weeks, weekday = divmod((local.date() - MONDAY).days, 7)
    position = (weeks * 5 + min(weekday, 5)) * WORK_SECONDS
    if weekday >= 5:
        return position
    seconds = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6 - WORK_START
    return position + min(max(seconds, 0.0), WORK_SECONDS)


def from_work_position(position: float) -> datetime:
    days, offset = divmod(position, WORK_SECONDS)
    weeks, weekday = divmod(int(days), 5)
    day = MONDAY + timedelta(days=weeks * 7 + weekday)
    return timezone.make_aware(datetime.combine(day, time())) + timedelta(seconds=WORK_START + offset)


class Clock:
    """Maps the real moment a row was written to the moment the demo says it happened.

    `phase(start, end)` opens a stretch of real time standing for start..end of the demo's
    history; rows written during it are spread over start..end in the order they were
    written (linear in real time, counted in working hours), so a stage's tasks,
    deliverables, approvals and the final gate move keep their order, land inside the
    stage's days and happen during office hours.
    """

    def __init__(self) -> None:
        self.real_starts: list[datetime] = []
        self.spans: list[tuple[datetime, float, float]] = []
        self.started: datetime | None = None
        self.stopped: datetime | None = None

    def start(self) -> None:
        self.started = timezone.now()

    def phase(self, start: datetime, end: datetime) -> None:
        end = max(start, end)
        self.real_starts.append(timezone.now())
        self.spans.append((end, work_position(start), work_position(end)))

    def stop(self) -> None:
        self.stopped = timezone.now()

    def virtual(self, real: datetime) -> datetime:
        index = bisect.bisect_right(self.real_starts, real) - 1
        if index < 0:
            return real  # written before the first phase
        r0 = self.real_starts[index]
        r1 = self.real_starts[index + 1] if index + 1 < len(self.real_starts) else self.stopped
        end, w0, w1 = self.spans[index]
        fraction = min(max((real - r0) / (r1 - r0), 0.0), 1.0) if r1 > r0 else 0.0
        # never past the end: a phase ending on a weekend would otherwise spill into Monday
        return min(from_work_position(w0 + (w1 - w0) * fraction), end)


BACKDATED_APPS = (
    "accounts",
    "customers",
    "opportunities",
    "approvals",
    "notifications",
    "service_requests",
    "solutions",
    "catalog",
    "quotes",
    "contracts",
    "events",
)
# What the solution of an opportunity still in 咨询 looks like today, in turn: sign-off under
# way (so each signer has some waiting), a draft, a reviewed version not yet sent, a returned
# first version whose second is in sign-off, an approved one, none yet, a returned one redone.
CONSULTING_SOLUTIONS = [
    ["signing:zhou.min"],
    ["draft"],
    ["reviewed"],
    ["rejected:zheng.hong", "signing:"],
    ["signing:wu.gang"],
    ["approved"],
    [],
    ["rejected:wu.gang", "draft"],
]
# The handovers of opportunities in 实施 (None: not handed over yet).
IMPLEMENTATION_HANDOVERS = ["submitted", "started", "started", "submitted", None, "started"]


def backdate(clock: Clock, opportunity_ids: list[int]) -> int:
    """Demo realism, and the only place the demo writes past the services.

    The services stamp everything with the real time, so a fresh demo would look as if the
    whole department's year happened in the last minute: every project 0 days in its stage,
    every event today. Here every date-time column written during the build (event times,
    created/updated/approved/done/closed times, stage entry times, the history rows of
    django-simple-history) is mapped through the clock to the demo's own calendar, and the
    due dates of checklist tasks are recomputed from the (back-dated) day their stage was
    entered, so some are overdue as in real life.

    Only queryset updates (`bulk_update`): no save(), so no auto_now, no new history rows,
    no events. Rows written before the build are left alone. Returns the rows rewritten.
    """
    since = clock.started
    rewritten = 0
    for label in BACKDATED_APPS:
        for model in apps.get_app_config(label).get_models():
            names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]
            if not names:
                continue
            written = models.Q()
            for name in names:
                written |= models.Q(**{f"{name}__gte": since})
            manager = model._base_manager
            for pk, *values in manager.filter(written).values_list("pk", *names):
                changes = {
                    name: clock.virtual(value)
                    for name, value in zip(names, values, strict=True)
                    if value is not None and value >= since
                }
                manager.filter(pk=pk).update(**changes)
                rewritten += 1

    entered: dict[tuple[int, int], datetime] = {}
    for event in Event.objects.filter(
        opportunity_id__in=opportunity_ids, kind__in=opportunity_events.STAGE_ENTRIES
    ).order_by("at", "id"):
        entered.setdefault((event.opportunity_id, event.data["to_stage_id"]), event.at)
    tasks = list(
        OpportunityTask.objects.filter(
            opportunity_id__in=opportunity_ids, stage_task__due_days__isnull=False
        ).select_related("stage_task")
    )
    for task in tasks:
        entry = entered.get((task.opportunity_id, task.stage_id))
        if entry is not None:
            task.due_date = timezone.localtime(entry).date() + timedelta(days=task.stage_task.due_days)
    OpportunityTask.objects.bulk_update(tasks, ["due_date"], batch_size=500)
    return rewritten + len(tasks)


def replace_orphan_file(opportunity: Opportunity, file) -> None:
    """Remove a file left at the demo attachment's path by an earlier demo database.

    The demo is only loaded into a database without opportunities (other_data_present), so
    a file there that no deliverable points at is a leftover; without this, every reload of
    a fresh database would add another randomly-suffixed copy of each attachment."""
    if file is None:
        return
    field = Deliverable._meta.get_field("file")
    name = field.generate_filename(Deliverable(opportunity=opportunity), file.name)
    if field.storage.exists(name) and not Deliverable.objects.filter(file=name).exists():
        field.storage.delete(name)


# ---------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------
@dataclass
class Plan:
    """One opportunity's story: the stages it enters (a stage repeats after a move back),
    when, and how it ends."""

    spec: data.DemoOpportunity
    business: str
    status: str
    moves: list[Stage]
    entries: list[datetime]
    work_end: datetime
    closed_at: datetime | None
    owner: str
    lead: str | None
    quiet: bool = False  # nobody logged an activity

    @property
    def final(self) -> Stage:
        return self.moves[-1]


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


class DemoBuilder:
    def __init__(self, *, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.clock = Clock()
        self.users: dict[str, User] = {}
        self.customers: dict[str, Customer] = {}
        self.contacts: dict[str, list[Contact]] = {}
        self.opportunity_ids: list[int] = []
        self.docx_made = self.xlsx_made = 0
        self.serial = 0
        self.flows = Flows(self, seed=seed + 1)
        self.commerce = Commerce(self, seed=seed + 2)
        self.span: tuple[datetime, datetime] = (self.now, self.now)  # the stretch being built
        self.open_now: list[tuple[Opportunity, Plan, dict]] = []  # active before 实施: current requests
        self.consulting_turn = itertools.cycle(CONSULTING_SOLUTIONS)
        self.handover_turn = itertools.cycle(IMPLEMENTATION_HANDOVERS)

    # -- helpers ---------------------------------------------------------------
    def moment(self, days_ago: int) -> datetime:
        """A working-hours moment about `days_ago` days before today (a weekend becomes the Friday)."""
        return self.on_day(self.today - timedelta(days=days_ago))

    def on_day(self, day: date) -> datetime:
        day -= timedelta(days=max(day.weekday() - 4, 0))
        at = time(self.rng.randint(9, 16), self.rng.choice([0, 10, 20, 30, 40, 50]))
        return timezone.make_aware(datetime.combine(day, at))

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def user(self, username: str | None) -> User | None:
        return self.users[username] if username else None

    # -- people ----------------------------------------------------------------
    def people(self) -> None:
        start = self.moment(720)
        self.clock.phase(start, start + timedelta(days=30))
        departments = {name: Department.objects.create(name=name) for name in data.DEPARTMENTS}
        groups = {group.name: group for group in Group.objects.all()}
        password = make_password(settings.PRESALES_DEMO_PASSWORD)  # hashed once: the same password for every demo user
        for spec in data.USERS:
            user = User.objects.create(
                username=spec.username,
                full_name=spec.full_name,
                first_name=spec.full_name[1:],
                last_name=spec.full_name[:1],
                email=f"{spec.username}@presales.example.com",
                department=departments[spec.department],
                title=spec.title,
                phone=spec.phone,
                password=password,
                is_staff=spec.superuser,
                is_superuser=spec.superuser,
                skills=spec.skills,
            )
            user.groups.add(*(groups[role] for role in spec.roles))
            self.users[spec.username] = user
        for name, head in data.DEPARTMENT_HEADS.items():
            Department.objects.filter(pk=departments[name].pk).update(head=self.users[head])

    # -- customers and contacts ------------------------------------------------
    def customers_and_contacts(self) -> None:
        self.clock.phase(self.moment(MAX_AGE_DAYS + 40), self.moment(MAX_AGE_DAYS + 5))
        for spec in data.CUSTOMERS:
            owner = self.users[spec.owner]
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
            self.customers[spec.key] = customer
            self.contacts[spec.key] = [
                contact_save(customer=customer, user=owner, data=values) for values in self.contact_values(spec)
            ]

    def contact_values(self, spec: data.DemoCustomer) -> list[dict]:
        titles = data.CONTACT_TITLES[spec.industry]
        chosen = [titles[0], *self.rng.sample(titles[1:], self.rng.randint(0, min(2, len(titles) - 1)))]
        business = data.business_of(spec.industry)
        used: set[str] = set()
        contacts = []
        for title, decision_role in chosen:
            while True:
                (surname, sur_py), (given, given_py) = self.rng.choice(data.SURNAMES), self.rng.choice(data.GIVEN_NAMES)
                if surname + given not in used:
                    used.add(surname + given)
                    break
            attitude = self.rng.choices(
                ["champion", "favourable", "neutral", "sceptical", "opposed"], weights=[2, 4, 4, 2, 1]
            )[0]
            pool = data.CONCERNS[business] + data.CONCERNS_BY_INDUSTRY.get(spec.industry, [])
            concerns = "；".join(self.rng.sample(pool, self.rng.randint(1, 2)))
            contacts.append(
                {
                    "name": surname + given,
                    "title": title,
                    "phone": f"1{self.rng.choice('3589')}{self.rng.randint(100000000, 999999999)}",
                    "email": f"{sur_py}{given_py}@{spec.mail_slug}.example.com" if self.rng.random() < 0.6 else "",
                    "decision_role": decision_role,
                    "attitude": attitude,
                    "concerns": concerns,
                }
            )
        return contacts

    # -- opportunities -----------------------------------------------------------
    def plan(self, spec: data.DemoOpportunity, stages: list[Stage]) -> Plan:
        business = data.business_of(self.customers[spec.customer].industry)
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

        low_high = [data.STAGE_DAYS[s.role] for s in moves]
        days = [self.rng.randint(*pair) for pair in low_high[:-1]]
        low, high = low_high[-1]
        closed_ago = self.rng.randint(5, 110) if status != OpportunityStatus.ACTIVE else 0
        days.append(self.rng.randint(low, high) if closed_ago else self.rng.randint(2, high))
        total = sum(days) + closed_ago
        if total > MAX_AGE_DAYS:
            scale = (MAX_AGE_DAYS - closed_ago) / sum(days)
            days = [max(2, int(d * scale)) for d in days]
        ago = sum(days) + closed_ago
        entries: list[datetime] = []
        for d in days:
            entry = self.moment(ago)
            if entries and entry <= entries[-1]:  # two weekend days moved to one Friday
                entry = entries[-1] + timedelta(hours=1)
            entries.append(entry)
            ago -= d
        closed_at = self.moment(closed_ago) if closed_ago else None
        if closed_at:
            work_end = closed_at - timedelta(hours=2)
        else:
            work_end = min(self.moment(0), self.now - timedelta(hours=1))
        work_end = max(work_end, entries[-1] + timedelta(hours=2))

        engineers = data.ENGINEERS[business]
        lead = self.rng.choices(engineers, weights=[4, 4, 1])[0]
        if kind == "contact" and self.rng.random() < 0.3:
            lead = None  # the manager has not assigned an engineer yet
        owner = next(c.owner for c in data.CUSTOMERS if c.key == spec.customer)
        quiet = self.rng.random() < 0.1
        return Plan(spec, business, status, moves, entries, work_end, closed_at, owner, lead, quiet=quiet)

    def opportunity(self, plan: Plan) -> None:
        spec = plan.spec
        customer = self.customers[spec.customer]
        owner = self.users[plan.owner]
        lead = self.user(plan.lead)
        words = self.words(plan)

        first = plan.entries[0]
        self.clock.phase(first, first + timedelta(minutes=40))
        opportunity = services.opportunity_create(
            user=owner,
            data={
                "name": spec.name,
                "customer": customer,
                "sales_owner": owner,
                "presales_lead": lead,
                "industry": customer.industry,
                "budget": self.budget(plan),
                "expected_amount": Decimal(spec.amount),
                "expected_sign_date": self.sign_date(plan),
                "has_tender": spec.has_tender,
                "source": self.rng.choice(data.SOURCES[plan.business]),
                "competitors": spec.competitors or "、".join(self.rng.sample(data.COMPETITORS[plan.business], 2)),
                "description": spec.description,
            },
        )
        self.team(opportunity, plan, owner)

        steps = list(zip(plan.moves, [*plan.entries[1:], None], strict=True))
        for index, (stage, next_entry) in enumerate(steps):
            start = plan.entries[index] + (timedelta(minutes=40) if index == 0 else timedelta(0))
            end = next_entry or plan.work_end
            work_start = self.activities(opportunity, plan, stage, start, end, words)
            self.clock.phase(work_start, end)
            self.span = (work_start, end)
            if next_entry is None:
                break
            to_stage = plan.moves[index + 1]
            if to_stage.order > stage.order:
                self.complete(opportunity, plan, stage, words, end)
                reason = ""
            else:
                self.partial(opportunity, plan, stage, words, end)
                reason = data.MOVE_BACK_REASON
            mover = self.user(plan.lead) if plan.lead and self.rng.random() < 0.6 else owner
            opportunity = services.opportunity_advance(
                opportunity=opportunity, user=mover, to_stage=to_stage, reason=reason
            ).opportunity

        final = plan.final
        if plan.status == OpportunityStatus.WON:
            self.complete(opportunity, plan, final, words, plan.work_end)
        elif plan.status == OpportunityStatus.LOST and final.role == "bidding":
            self.partial(opportunity, plan, final, words, plan.work_end, full=True)
        elif len(plan.moves) == 1 or final.order > plan.moves[-2].order:
            self.partial(opportunity, plan, final, words, plan.work_end)
            if final.role == "consulting":
                outcomes = (
                    next(self.consulting_turn) if plan.status == OpportunityStatus.ACTIVE else ["rejected:zheng.hong"]
                )
                self.flows.solution(opportunity, plan, words, outcomes)
            elif final.role == "implementation":
                self.commerce.contract(opportunity, plan, state=next(self.commerce.current_contracts))
                state = next(self.handover_turn)
                if state:
                    self.flows.handover(opportunity, plan, words, state=state)
        else:
            # moved back: the quote is being rewritten for the new scope, awaiting approval (the
            # solution itself is a solution version, signed off in the solutions workflow)
            dtype = next(d for d in final.deliverable_types.all() if d.name == "项目报价清单")
            services.deliverable_submit(
                opportunity=opportunity,
                user=lead or owner,
                deliverable_type=dtype,
                title=f"{spec.name}项目报价清单V2.0",
                note=f"按新范围重新报价：{data.MOVE_BACK_REASON}。{words['extra']}已补充。",
            )
            self.flows.revise(opportunity, plan, data.MOVE_BACK_REASON)
            self.commerce.new_round(opportunity, plan, data.MOVE_BACK_REASON, Decimal(5))
        if plan.status == OpportunityStatus.ACTIVE and final.role != "implementation":
            self.open_now.append((opportunity, plan, words))

        if plan.closed_at:
            self.clock.phase(plan.closed_at, plan.closed_at + timedelta(minutes=20))
            services.opportunity_close(
                opportunity=opportunity,
                user=owner,
                status=plan.status,
                reason=spec.close_reason or "项目验收合格，合同履约完毕",
                winning_competitor=spec.winner,
            )
        self.opportunity_ids.append(opportunity.pk)

    def budget(self, plan: Plan) -> Decimal | None:
        if plan.final.role == "contact" and self.rng.random() < 0.4:
            return None
        factor = self.rng.choice([1.0, 1.05, 1.1, 1.2])
        return Decimal(round(plan.spec.amount * factor, -4))

    def sign_date(self, plan: Plan) -> date:
        role = plan.final.role
        if plan.status == OpportunityStatus.WON:
            entered = next(e for s, e in zip(plan.moves, plan.entries, strict=True) if s.role == "implementation")
            return timezone.localtime(entered).date() + timedelta(days=self.rng.randint(7, 20))
        if plan.closed_at:
            return timezone.localtime(plan.closed_at).date() + timedelta(days=self.rng.randint(10, 60))
        if role == "implementation":
            return self.today + timedelta(days=self.rng.randint(3, 20))
        slipped = self.today - timedelta(days=self.rng.randint(3, 40))
        if self.rng.random() < 0.15 and slipped > timezone.localtime(plan.entries[0]).date() + timedelta(days=30):
            return slipped  # the customer's date has passed: shows as overdue
        ahead = {
            "contact": (120, 240),
            "consulting": (90, 200),
            "tracking": (50, 150),
            "tender": (25, 70),
            "bidding": (7, 40),
        }[role]
        return self.today + timedelta(days=self.rng.randint(*ahead))

    def team(self, opportunity: Opportunity, plan: Plan, owner: User) -> None:
        if plan.lead and plan.spec.amount >= 2_000_000:
            others = [u for u in data.ENGINEERS[plan.business] if u != plan.lead and u != data.APPROVER]
            services.opportunity_member_add(
                opportunity=opportunity,
                user=owner,
                member=self.users[self.rng.choice(others)],
                role=self.rng.choice([TeamRole.PRESALES, TeamRole.EXPERT]),
            )
        if plan.spec.has_tender and plan.final.role != "contact":
            services.opportunity_member_add(
                opportunity=opportunity, user=owner, member=self.users[data.COMMERCIAL], role=TeamRole.COMMERCIAL
            )

    def words(self, plan: Plan) -> dict[str, str]:
        """One pick of each phrase for this opportunity's story."""
        industry = self.customers[plan.spec.customer].industry
        vocabulary = {**data.WORDS[plan.business], **data.WORDS_BY_INDUSTRY.get(industry, {})}
        picked = {
            key: (self.rng.choice(value) if isinstance(value, list) else value)
            for key, value in vocabulary.items()
            if key != "quote"
        }
        contact = self.rng.choice(self.contacts[plan.spec.customer])
        picked["short"] = self.customers[plan.spec.customer].short_name
        picked["contact"] = contact.name
        picked["contact_title"] = contact.title
        picked["competitor"] = plan.spec.competitors or "、".join(data.COMPETITORS[plan.business][:2])
        return picked

    # -- stage work ------------------------------------------------------------
    def activities(self, opportunity, plan: Plan, stage: Stage, start: datetime, end: datetime, words) -> datetime:
        """Log one or two of the stage's typical contacts with the customer, in the first part
        of the stage, each in its own clock phase so it is written on the day it happened.
        Returns when the stage's checklist work starts (after them)."""
        if plan.quiet:
            return start
        templates = data.ACTIVITIES[stage.role]
        picked = sorted(self.rng.sample(range(len(templates)), self.rng.randint(1, min(2, len(templates)))))
        latest = max(min(start + (end - start) * 0.6, self.now - timedelta(hours=2)), start)
        moments = sorted(
            min(
                max(self.on_day(timezone.localtime(start + (latest - start) * self.rng.random()).date()), start), latest
            )
            for _ in picked
        )
        owner = self.users[plan.owner]
        lead = self.user(plan.lead)
        ours = "、".join(u.display_name for u in (owner, lead) if u)
        for index, at in zip(picked, moments, strict=True):
            kind, subject, minutes, outcome = templates[index]
            self.clock.phase(at, at + timedelta(minutes=minutes or 20))
            services.activity_log(
                opportunity=opportunity,
                user=self.rng.choice([u for u in (owner, lead) if u]),
                data={
                    "kind": kind,
                    "occurred_on": timezone.localtime(at).date(),
                    "subject": subject.format(**words)[:200],
                    "people": f"我方：{ours}；客户：{words['contact']}（{words['contact_title']}）",
                    "duration_minutes": minutes,
                    "outcome": outcome.format(**words),
                },
            )
        return min(moments[-1] + timedelta(hours=1), end)

    def doer(self, task_title: str, plan: Plan, owner: User) -> User:
        """Who ticks a checklist item: the seed names the role in the task's own words."""
        if task_title.startswith("销售人员") or "投标决策" in task_title:
            return owner
        if task_title.startswith("商务人员"):
            return self.users[data.COMMERCIAL]
        return self.user(plan.lead) or owner

    def author(self, deliverable_type: str, plan: Plan, owner: User) -> User:
        """Who writes a deliverable: sales brings the customer's papers, commercial writes the
        business bid and the contract, the presales engineer everything technical."""
        if deliverable_type in OWNER_WRITES:
            return owner
        if deliverable_type in COMMERCIAL_WRITES:
            return self.users[data.COMMERCIAL]
        return self.user(plan.lead) or owner

    def complete(self, opportunity, plan: Plan, stage: Stage, words, when: datetime) -> None:
        """Meet the stage's exit criteria (and do some of the optional work too)."""
        owner = self.users[plan.owner]
        self.commerce.on_stage(opportunity, plan, stage, done=True)
        if stage.role == "consulting" and self.flows.rng.random() < 0.6:
            self.flows.history_request(
                opportunity, plan, words, self.flows.rng.choice(["solution_design", "site_survey"])
            )
        elif stage.role == "bidding" and self.flows.rng.random() < 0.4:
            self.flows.history_request(opportunity, plan, words, "bid_support")
        for task in OpportunityTask.objects.filter(opportunity=opportunity, stage=stage).order_by("id"):
            if task.required or self.rng.random() < 0.6:
                services.task_set_done(task=task, user=self.doer(task.title, plan, owner), done=True)
        for dtype in stage.deliverable_types.all():
            if dtype.required or self.rng.random() < 0.4:
                self.deliver(opportunity, plan, dtype, words, when, "approved")

    def partial(self, opportunity, plan: Plan, stage: Stage, words, when: datetime, *, full: bool = False) -> None:
        """Work in progress: the first few tasks done; deliverables missing, drafts, awaiting
        approval or approved. The gate's last requirement of 跟踪/投标/实施 (立项批复, 中标公告函,
        验收报告) is not there yet: it is the event the project is waiting for."""
        owner = self.users[plan.owner]
        self.commerce.on_stage(opportunity, plan, stage, done=full)
        if stage.role == "bidding":
            if full:  # the bid went in (and was lost): its price passed the review
                self.commerce.bid_review(opportunity, plan)
            else:
                self.commerce.current_bid(opportunity, plan)
        tasks = list(OpportunityTask.objects.filter(opportunity=opportunity, stage=stage).order_by("id"))
        done = len(tasks) if full else self.rng.randint(0, len(tasks))
        for task in tasks[:done]:
            services.task_set_done(task=task, user=self.doer(task.title, plan, owner), done=True)
        required = [d for d in stage.deliverable_types.all() if d.required]
        if stage.role in ("tracking", "bidding", "implementation"):
            required = required[:-1]
        for dtype in required:
            state = (
                "approved"
                if full
                else self.rng.choices(["none", "draft", "submitted", "approved"], weights=[3, 1, 4, 3])[0]
            )
            if state != "none" and not dtype.fulfilled_by:  # the solution is the flows' (see opportunity)
                self.deliver(opportunity, plan, dtype, words, when, state)

    def deliver(self, opportunity, plan: Plan, dtype, words, when: datetime, state: str) -> Deliverable | None:
        owner = self.users[plan.owner]
        author = self.author(dtype.name, plan, owner)
        approver = self.users[data.CONTRACT_APPROVER if dtype.name in COMMERCIAL_WRITES else data.APPROVER]
        if dtype.fulfilled_by:
            # 《解决方案》/《PCST评审通过的投标报价》/《购销合同/采购合同》/《项目验收报告》 come
            # from a signed-off solution version, a quote version approved in price review, a
            # reviewed and signed contract, an approved acceptance report — never uploaded:
            # the real flow runs and its hook records the deliverable.
            if state != "approved":
                return None
            if dtype.fulfilled_by == "price_review":
                # the bid version approved in price review (PCST): the quotes' hook records it
                self.commerce.bid_review(opportunity, plan)
            elif dtype.fulfilled_by == "contract":
                # reviewed and signed: signing records it; a won project also books its costs
                self.commerce.contract(opportunity, plan, costs=plan.status == OpportunityStatus.WON)
            elif dtype.fulfilled_by == "solution":
                rejected = self.flows.rng.random() < 0.3
                first = f"rejected:{self.flows.rng.choice(['zhou.min', 'wu.gang', 'zheng.hong'])}"
                outcomes = [first, "approved"] if rejected else ["approved"]
                self.flows.solution(opportunity, plan, words, outcomes, qa=self.flows.rng.random() < 0.4)
            else:
                self.flows.handover(opportunity, plan, words, state="accepted")
            return Deliverable.objects.filter(opportunity=opportunity, deliverable_type=dtype).order_by("-id").first()
        returned = state == "approved" and self.rng.random() < 0.12
        content = self.content(dtype.name, plan, words, when, version=1)
        replace_orphan_file(opportunity, content["file"])
        deliverable = services.deliverable_submit(
            opportunity=opportunity, user=author, deliverable_type=dtype, draft=state == "draft", **content
        )
        if returned:
            self.decide(deliverable, approver, approve=False, comment=self.rng.choice(data.RETURN_COMMENTS))
            content = self.content(dtype.name, plan, words, when, version=2)
            replace_orphan_file(opportunity, content["file"])
            deliverable = services.deliverable_submit(
                opportunity=opportunity, user=author, deliverable_type=dtype, **content
            )
        if state == "approved":
            self.decide(
                deliverable,
                approver,
                approve=True,
                comment=self.rng.choice(["", "同意", "内容完整，同意提交客户", "已审核"]),
            )
        return deliverable

    def decide(self, deliverable: Deliverable, approver: User, *, approve: bool, comment: str) -> None:
        """The approver decides the deliverable's pending round through the approvals engine;
        nobody approves his own work, so the sales head stands in for the presales manager
        (and the other way round) when the approver wrote it."""
        if approver.pk == deliverable.created_by_id:
            other = data.CONTRACT_APPROVER if approver.username == data.APPROVER else data.APPROVER
            approver = self.users[other]
        approval = Approval.objects.for_target(deliverable).pending().get()
        approval_decide(approval=approval, user=approver, approve=approve, comment=comment)

    def content(self, kind: str, plan: Plan, words, when: datetime, *, version: int, with_file: bool = True) -> dict:
        """Title, note and sometimes a small file for one deliverable, in the team's words."""
        spec = plan.spec
        name, short = spec.name, words["short"]
        day = min(timezone.localtime(when).date(), self.today)
        year = day.year
        amount = f"¥{spec.amount:,}"
        v = f"V1.{version - 1}"
        note, file = "", None
        if kind == "拜访记录（含客户初步需求）":
            title = f"{short}拜访记录"
            note = (
                f"拜访时间：{day:%Y-%m-%d}；客户：{words['contact']}（{words['contact_title']}）；"
                f"初步需求：{words['need']}；客户关注：{words['focus']}；下一步：提交初步方案并安排技术交流。"
            )
        elif kind == "解决方案":
            title = f"{name}解决方案{v}"
            paragraphs = [
                f"一、项目背景：{words['need']}。",
                f"二、建设内容：{spec.description or name}。",
                f"三、技术要点：{words['focus']}；{words['feature']}。",
                f"四、参考案例：{words['case']}。",
                "五、售后服务：7×24小时响应，重大故障4小时到场。",
            ]
            if with_file and self.docx_made < MAX_DOCX and self.rng.random() < 0.5:
                self.docx_made += 1
                file = docx_file(f"{name}解决方案{v}.docx", title, paragraphs)
            else:
                note = "\n".join(paragraphs)
        elif kind == "演示PPT":
            title = f"{short}方案交流PPT"
            note = f"共28页：公司介绍、{words['case']}案例、系统架构、配置说明、售后服务承诺。"
        elif kind == "项目报价清单":
            title = f"{name}项目报价清单{v}"
            lines = self.quote_lines(plan)
            if self.xlsx_made < MAX_XLSX and self.rng.random() < 0.4:
                self.xlsx_made += 1
                file = quote_file(f"{name}项目报价清单{v}.xlsx", lines)
            else:
                note = f"报价合计{amount}（含税）。明细：" + "；".join(
                    f"{item}×{qty}{unit}" for item, unit, qty, _p in lines
                )
        elif kind == "修订版解决方案/报价":
            title = f"{name}解决方案V2.0（修订）"
            note = f"根据{words['contact']}意见修订：补充{words['extra']}，报价调整为{amount}。"
        elif kind == "汇报材料":
            title = f"{short}领导汇报材料"
            note = "汇报PPT（12页）及一页纸项目概要，供客户向分管领导汇报。"
        elif kind == "预算表":
            title = f"{name}预算表"
            equipment = round(spec.amount * 0.78, -3)
            note = (
                f"预算总额{amount}：设备¥{equipment:,.0f}，安装调试¥{round(spec.amount * 0.15, -3):,.0f}，"
                f"其他¥{spec.amount - equipment - round(spec.amount * 0.15, -3):,.0f}。"
            )
        elif kind == "立项批复":
            title = f"关于{name}的立项批复"
            note = f"文号：{short}〔{year}〕{self.rng.randint(12, 180)}号；批复金额{amount}；资金来源：年度专项资金。"
        elif kind == "招标文件":
            title = f"{name}招标文件"
            note = (
                f"招标编号：ZJ{year}-{self.next_serial():04d}；开标时间：{day + timedelta(days=21):%Y-%m-%d} 09:30；"
                f"投标保证金¥{round(spec.amount * 0.02, -3):,.0f}；资格要求：{words['qual']}。"
            )
        elif kind == "投标决策":
            title = "投标决策：参与投标"
            note = f"售前、销售、商务共同评估：技术满足度约95%，主要竞争对手{words['competitor']}，决定投标。"
        elif kind == "商务标书":
            title = f"{name}商务标书"
            note = f"投标报价{amount}，已通过PCST价格评审；含资格证明文件和近三年同类业绩。"
        elif kind == "技术标书":
            title = f"{name}技术标书（含技术偏差表）"
            paragraphs = [
                f"技术方案：{spec.description or name}。",
                "技术偏差表：无负偏差，正偏差3项（见附表）。",
                f"类似业绩：{words['case']}。",
            ]
            if self.docx_made < MAX_DOCX and self.rng.random() < 0.4:
                self.docx_made += 1
                file = docx_file(f"{name}技术标书{v}.docx", title, paragraphs)
            else:
                note = "\n".join(paragraphs)
        elif kind == "中标公告函":
            title = "中标通知书"
            note = f"{day:%Y-%m-%d} 招标代理发布中标公告：我司为第一中标候选人，中标金额{amount}。"
        elif kind == "购销合同/采购合同":
            title = f"{short}{name}购销合同"
            note = f"合同编号：HT-{year}-{self.next_serial():04d}；合同金额{amount}；服管部审核通过（审核人：何军）。"
        elif kind == "项目验收报告":
            title = f"{name}项目验收报告"
            note = f"{short}于{day:%Y-%m-%d}组织验收：设备和系统运行正常，资料齐全，验收合格，客户签字确认。"
        else:
            title = kind
            note = f"{kind}（{short}）"
        return {"title": title[:200], "note": note, "file": file}

    def quote_lines(self, plan: Plan) -> list[tuple[str, str, int, int]]:
        """Catalogue lines scaled to the expected amount (lines too big for a small project
        left out), the rest as installation and services: the total is the expected amount."""
        amount = plan.spec.amount
        base = data.WORDS[plan.business]["quote"]
        scale = amount * 0.8 / sum(qty * price for _i, _u, qty, price in base)
        lines, total = [], 0
        for item, unit, qty, price in base:
            quantity = round(qty * scale)
            if quantity >= 1 and total + quantity * price <= amount * 0.9:
                lines.append((item, unit, quantity, price))
                total += quantity * price
        lines.append(("安装调试及技术服务", "项", 1, amount - total))
        return lines

    # -- everything --------------------------------------------------------------
    def build(self) -> Summary:
        with transaction.atomic():
            self.clock.start()
            self.people()
            # the catalog was entered before the first customer; fixed times, so the random
            # stories of everything after stay what they were
            day = self.today - timedelta(days=MAX_AGE_DAYS + 60)
            start = timezone.make_aware(datetime.combine(day - timedelta(days=max(day.weekday() - 4, 0)), time(10)))
            self.clock.phase(start, start + timedelta(days=14))
            self.commerce.catalog()
            self.customers_and_contacts()
            stages = list(services.default_template().stages.order_by("order").prefetch_related("deliverable_types"))
            plans = sorted((self.plan(spec, stages) for spec in data.OPPORTUNITIES), key=lambda p: p.entries[0])
            for plan in plans:
                self.opportunity(plan)
            self.flows.current_requests(self.open_now)
            self.clock.stop()
            backdate(self.clock, self.opportunity_ids)
            self.flows.fix_dates()
            self.commerce.fix_dates()
            # The demo's approvals notify its people in the app; nobody is e-mailed about them.
            Notification.objects.filter(recipient__in=list(self.users.values()), emailed_at__isnull=True).update(
                emailed_at=timezone.now()
            )
            # People read their notifications as they went: only the last few days' are unread.
            Notification.objects.filter(
                recipient__in=list(self.users.values()), created_at__lt=timezone.now() - timedelta(days=3)
            ).update(read_at=F("created_at"))
        opportunities = Opportunity.objects.filter(pk__in=self.opportunity_ids)
        deliverables = Deliverable.objects.filter(opportunity__in=opportunities)
        return Summary(
            users=len(self.users),
            customers=len(self.customers),
            contacts=sum(len(c) for c in self.contacts.values()),
            opportunities=opportunities.count(),
            deliverables=deliverables.count(),
            activities=Activity.objects.filter(opportunity__in=opportunities).count(),
            files=deliverables.exclude(file="").count(),
            by_status={status: opportunities.filter(status=status).count() for status in OpportunityStatus.values},
            workflows=workflow_counts(),
        )


def workflow_counts() -> dict[str, int]:
    """How many of each of the presales department's own records the demo holds."""
    from presales.catalog.models import Component, ComponentPrice, Product
    from presales.contracts.models import ActualCost, Contract
    from presales.quotes.models import Quote, QuoteLine, QuoteVersion
    from presales.service_requests.models import RequirementsForm, ServiceRequest, SiteSurvey
    from presales.solutions.models import AcceptanceReport, Handover, QASession, Review, Solution, SolutionVersion

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
    }
    return {name: model.objects.count() for name, model in kinds.items()}


def load_demo() -> Summary:
    # The demo's notifications are marked e-mailed before its transaction commits; the e-mail
    # task enqueued for each of them then finds nothing to send — without logging it each time.
    tasks_log = logging.getLogger("django.tasks")
    level = tasks_log.level
    tasks_log.setLevel(logging.WARNING)
    try:
        return DemoBuilder().build()
    finally:
        tasks_log.setLevel(level)
