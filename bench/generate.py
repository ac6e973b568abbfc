"""Benchmark data: a department of a given size, written with bulk_create (the services are too
slow at 15,000 opportunities), shaped like what the services write.

    python bench/generate.py --profile large                       # SQLite under var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/generate.py --profile large

Profiles (PROFILES below): `small` (about the demo's size, 64 opportunities), `large` (a real
department after a few years: 60 users, 3,000 customers, 15,000 opportunities, 100,000 stage
tasks, 30,000 deliverables with their approvals, 7,500 service requests, 3,000 quotes with
150,000 lines — one version of them with 2,000 lines in 20 sections — and 800 contracts) and
`xlarge` (10× large).

The database is made anew: a SQLite file is deleted first; a PostgreSQL database is dropped
and created (only a database named `bench…`: the generator refuses any other name). Then the
migrations run (they seed the stage template, the approval templates and the roles) and the
rows are written. Consistent with the services: every opportunity sits in a stage of its
template, has the stage tasks of every stage it reached (assigned by role as
`open_stage_tasks` does: owner, lead, or the department's queue), closed ones carry a close
reason; every deliverable that needs approval has its Approval round (step and approvers, some
pending); quote versions have sections and their cached totals (presales.quotes.pricing).

Everyone's password is BENCH_PASSWORD (default below). The users the load logs in as:
`bench_manager` (presales manager: sees all) and `bench_rep` (a sales rep owning 1/30 of the
opportunities, and the opportunity of the 2,000-line quote version).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-pass-2026")
DEFAULT_SQLITE = ROOT / "var" / "bench" / "bench.sqlite3"
BATCH = 2000


@dataclass(frozen=True)
class Profile:
    users: int
    customers: int
    opportunities: int
    tasks: int
    deliverables: int
    service_requests: int
    queued_requests: int
    quotes: int
    quote_lines: int
    big_version_lines: int
    big_version_sections: int
    contracts: int


PROFILES = {
    "small": Profile(20, 40, 64, 430, 130, 32, 8, 13, 650, 100, 5, 4),
    "large": Profile(60, 3_000, 15_000, 100_000, 30_000, 7_500, 440, 3_000, 150_000, 2_000, 20, 800),
    "xlarge": Profile(600, 30_000, 150_000, 1_000_000, 300_000, 75_000, 4_400, 30_000, 1_500_000, 2_000, 20, 8_000),
}

# Who is who: (role, share of the users). The rest are sales reps.
ROLE_SHARES = [
    ("presales_engineer", 0.20),
    ("presales_manager", 0.05),
    ("sales_head", 0.04),
    ("commercial", 0.07),
    ("finance", 0.05),
    ("service_management", 0.05),
    ("general_manager", 0.02),
]


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"


def reset_database(url: str) -> None:
    """Start from nothing: delete the SQLite file, or drop and create the PostgreSQL database."""
    import dj_database_url

    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("sqlite3"):
        path = Path(config["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    name = config["NAME"]
    if not name.startswith("bench"):
        raise SystemExit(f"refusing to drop the database {name!r}: the benchmark only uses databases named bench…")
    import psycopg

    admin = psycopg.connect(
        host=config.get("HOST") or "127.0.0.1",
        port=config.get("PORT") or 5432,
        user=config.get("USER") or "postgres",
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )
    template = f"{name}_migrated_{_migrations_key()}"
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        # a migrated empty database kept from an earlier run of the same migrations (see migrate)
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if exists else ""))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "presales.settings")
    os.environ.setdefault("AXES_ENABLED", "false")
    import django

    django.setup()


class no_auto_now:
    """Let bulk_create write the created_at/updated_at we give (spread over years, as real
    rows are), instead of auto_now(_add)'s "now"."""

    def __init__(self, *models):
        self.fields = (
            [
                f
                for m in models
                for f in m._meta.concrete_fields
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            ]
            if models
            else []
        )

    def __enter__(self):
        self.saved = [(f, f.auto_now, f.auto_now_add) for f in self.fields]
        for f in self.fields:
            f.auto_now = f.auto_now_add = False
        return self

    def __exit__(self, *exc):
        for f, auto_now, auto_now_add in self.saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def bulk(model, rows, batch_size: int = BATCH) -> list:
    """bulk_create in batches; returns the rows with their ids (SQLite ≥ 3.35 and PostgreSQL)."""
    from django.utils import timezone

    rows = list(rows)
    with no_auto_now(model) as off:
        now = timezone.now()
        for field in off.fields:
            for row in rows:
                if getattr(row, field.attname) is None:
                    setattr(row, field.attname, now)
        for start in range(0, len(rows), batch_size):
            model.objects.bulk_create(rows[start : start + batch_size], batch_size=batch_size)
    return rows


def generate(profile_name: str, *, seed: int = 2026, verbose: bool = True) -> dict[str, int]:
    """Write the profile's rows into the configured (fresh, migrated) database; returns counts."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from presales.accounts.models import User
    from presales.approvals.models import (
        Approval,
        ApprovalAssignment,
        ApprovalStatus,
        ApprovalStep,
        ApprovalTemplate,
        Outcome,
        StepStatus,
    )
    from presales.catalog.models import Product, ProductCategory
    from presales.contracts.models import Contract, ContractCounter, ContractKind, ContractStatus
    from presales.customers.models import Customer, CustomerStatus, Industry, normalize_name
    from presales.opportunities.models import (
        Deliverable,
        DeliverableStatus,
        Opportunity,
        OpportunityCodeCounter,
        OpportunityMember,
        OpportunityStatus,
        OpportunityTask,
        StageTemplate,
        TaskRole,
        TeamRole,
    )
    from presales.quotes import pricing
    from presales.quotes.models import Quote, QuoteLine, QuoteSection, QuoteVersion, VersionStatus
    from presales.service_requests.models import (
        RequestStatus,
        RequestType,
        ServiceRequest,
        ServiceRequestCodeCounter,
    )

    p = PROFILES[profile_name]
    rng = random.Random(seed)
    now = timezone.now()
    started = time.perf_counter()
    counts: dict[str, int] = {}

    def say(what: str, n: int) -> None:
        counts[what] = n
        if verbose:
            print(f"  {what:<22} {n:>9,}   {time.perf_counter() - started:6.1f} s", flush=True)

    def past(days_max: int, days_min: int = 0):
        return now - timedelta(days=rng.uniform(days_min, days_max))

    # ---- users and roles ------------------------------------------------------------------
    password = make_password(BENCH_PASSWORD)  # hashed once, shared: hashing 60 times costs a minute
    groups = {g.name: g for g in Group.objects.all()}
    plan: list[tuple[str, str]] = [("bench_manager", "presales_manager"), ("bench_rep", "sales_rep")]
    for role, share in ROLE_SHARES:
        have = sum(1 for _u, r in plan if r == role)
        plan += [(f"{role}_{i:03d}", role) for i in range(have, max(1, round(p.users * share)))]
    plan += [(f"sales_rep_{i:03d}", "sales_rep") for i in range(p.users - len(plan))]
    users = bulk(
        User,
        (
            User(
                username=username,
                full_name=f"{role[:6]}{i:03d}",
                email=f"{username}@bench.invalid",
                password=password,
                date_joined=past(1500, 800),
            )
            for i, (username, role) in enumerate(plan)
        ),
    )
    memberships = User.groups.through
    memberships.objects.bulk_create(
        memberships(user_id=u.pk, group_id=groups[role].pk) for u, (_n, role) in zip(users, plan, strict=True)
    )
    by_role: dict[str, list] = {}
    for u, (_n, role) in zip(users, plan, strict=True):
        by_role.setdefault(role, []).append(u)
    reps, engineers = by_role["sales_rep"], by_role["presales_engineer"]
    bench_rep = next(u for u in users if u.username == "bench_rep")
    say("users", len(users))

    # ---- customers ------------------------------------------------------------------------
    industries = [c for c in Industry.values if c != Industry.OTHER]
    regions = [
        "浙江省杭州市",
        "江苏省南京市",
        "广东省广州市",
        "四川省成都市",
        "湖北省武汉市",
        "山东省济南市",
        "北京市",
        "上海市",
    ]
    customer_rows = []
    for i in range(p.customers):
        name = f"基准客户{i:06d}{rng.choice(['集团', '有限公司', '研究院', '医院', '供电公司'])}"
        created = past(1400, 30)
        customer_rows.append(
            Customer(
                name=name,
                name_key=normalize_name(name),
                short_name=f"客户{i:06d}",
                industry=rng.choice(industries),
                region=rng.choice(regions),
                status=rng.choice(CustomerStatus.values),
                owner=reps[i % len(reps)],
                created_at=created,
                updated_at=created,
            )
        )
    customers = bulk(Customer, customer_rows)
    say("customers", len(customers))

    # ---- opportunities, team, stage tasks --------------------------------------------------
    template = StageTemplate.objects.get(is_default=True)
    stages = list(template.stages.order_by("order").prefetch_related("tasks", "deliverable_types"))
    # Most opportunities are young: the funnel narrows stage by stage.
    stage_weights = [40, 28, 15, 8, 5, 4]
    status_weights = [(OpportunityStatus.ACTIVE, 62), (OpportunityStatus.WON, 18), (OpportunityStatus.LOST, 14),
                      (OpportunityStatus.ABANDONED, 6)]  # fmt: skip
    year = timezone.localdate().year
    opp_rows = []
    for i in range(p.opportunities):
        owner = reps[i % len(reps)]
        # mostly a customer the rep owns (customer i belongs to reps[i % len(reps)])
        if len(customers) >= len(reps) and rng.random() < 0.9:
            per_rep = len(customers) // len(reps)
            customer = customers[i % len(reps) + len(reps) * rng.randrange(per_rep)]
        else:
            customer = customers[rng.randrange(len(customers))]
        status = rng.choices([s for s, _w in status_weights], [w for _s, w in status_weights])[0]
        stage = rng.choices(stages, stage_weights)[0]
        if status == OpportunityStatus.WON:
            stage = stages[-1]
        created = past(1400, 2)
        entered = created + (now - created) * rng.uniform(0.2, 1.0)
        closed = status != OpportunityStatus.ACTIVE
        opp_rows.append(
            Opportunity(
                code=f"PS-{year}-{i + 1:06d}",
                name=f"基准项目{i:06d}{rng.choice(['信息化建设', '智慧园区', '数据中心', '视频监控', '调度系统'])}",
                customer=customer,
                sales_owner=owner,
                presales_lead=engineers[i % len(engineers)] if rng.random() < 0.8 else None,
                industry=customer.industry,
                budget=Decimal(rng.randrange(100, 50_000)) * 1000,
                expected_amount=Decimal(rng.randrange(100, 40_000)) * 1000,
                expected_sign_date=(created + timedelta(days=rng.randrange(60, 400))).date(),
                has_tender=rng.random() < 0.7,
                source="customer_visit",
                status=status,
                close_reason="基准：项目结束" if closed else "",
                closed_at=entered if closed else None,
                template=template,
                current_stage=stage,
                stage_entered_at=entered,
                created_by=owner,
                created_at=created,
                updated_at=entered,
            )
        )
    opportunities = bulk(Opportunity, opp_rows)
    OpportunityCodeCounter.objects.update_or_create(year=year, defaults={"last": len(opportunities)})
    say("opportunities", len(opportunities))

    members = []
    for i, o in enumerate(opportunities):
        if rng.random() < 0.3:
            engineer = engineers[(i * 3 + 1) % len(engineers)]
            if engineer.pk != o.presales_lead_id:
                members.append(
                    OpportunityMember(opportunity=o, user=engineer, role=TeamRole.PRESALES, added_at=o.created_at)
                )
    bulk(OpportunityMember, members)
    say("team members", len(members))

    def holder(role: str, o):
        """As services/_common.TaskHolders: owner, lead (else owner); departments of two or
        more people keep the task in their queue (no assignee)."""
        if role == TaskRole.SALES_OWNER:
            return o.sales_owner_id
        if role == TaskRole.PRESALES_LEAD:
            return o.presales_lead_id or o.sales_owner_id
        return None

    task_rows = []
    for o in opportunities:
        for stage in stages:
            if stage.order > o.current_stage.order:
                break
            current = stage.pk == o.current_stage_id
            for task in stage.tasks.all():
                done = not current or o.status != OpportunityStatus.ACTIVE or rng.random() < 0.3
                task_rows.append(
                    OpportunityTask(
                        opportunity=o,
                        stage=stage,
                        stage_task=task,
                        title=task.title,
                        required=task.required,
                        role=task.role,
                        assignee_id=holder(task.role, o),
                        due_date=(o.stage_entered_at + timedelta(days=task.due_days)).date()
                        if task.due_days is not None
                        else None,
                        done_at=o.stage_entered_at if done else None,
                        done_by_id=(holder(task.role, o) or o.sales_owner_id) if done else None,
                    )
                )
        if len(task_rows) >= p.tasks:
            break
    bulk(OpportunityTask, task_rows[: p.tasks])
    say("stage tasks", min(len(task_rows), p.tasks))
    del task_rows

    # ---- deliverables and their approvals -------------------------------------------------
    review = ApprovalTemplate.objects.get(code="deliverable_review")
    review_step = review.steps.order_by("order").first()
    deliverable_ct = ContentType.objects.get_for_model(Deliverable)
    approvers = by_role["presales_manager"] + by_role.get("sales_head", [])
    deliverable_rows, pending_flags = [], []
    for o in opportunities:
        for stage in stages:
            if stage.order > o.current_stage.order:
                break
            for dtype in stage.deliverable_types.all():
                if dtype.approval_template_id != review.pk:
                    continue  # solutions, price reviews and contracts come from their own records
                pending = stage.pk == o.current_stage_id and o.status == OpportunityStatus.ACTIVE and rng.random() < 0.4
                submitted = o.stage_entered_at - timedelta(days=rng.uniform(0, 20))
                deliverable_rows.append(
                    Deliverable(
                        opportunity=o,
                        deliverable_type=dtype,
                        title=dtype.name,
                        note=f"基准记录：{dtype.name}",
                        version=1,
                        status=DeliverableStatus.SUBMITTED if pending else DeliverableStatus.APPROVED,
                        created_by_id=o.presales_lead_id or o.sales_owner_id,
                        created_at=submitted,
                        submitted_at=submitted,
                        approved_at=None if pending else submitted + timedelta(days=1),
                    )
                )
                pending_flags.append(pending)
        if len(deliverable_rows) >= p.deliverables:
            break
    deliverables = bulk(Deliverable, deliverable_rows[: p.deliverables])
    pending_flags = pending_flags[: p.deliverables]
    approvals = bulk(
        Approval,
        (
            Approval(
                template=review,
                target_type=deliverable_ct,
                target_id=d.pk,
                round=1,
                title=f"{d.opportunity.code} {d.title} v1",
                opportunity_id=d.opportunity_id,
                status=ApprovalStatus.PENDING if pending else ApprovalStatus.APPROVED,
                submitted_by_id=d.created_by_id,
                submitted_at=d.submitted_at,
                finished_at=None if pending else d.approved_at,
            )
            for d, pending in zip(deliverables, pending_flags, strict=True)
        ),
    )
    steps = bulk(
        ApprovalStep,
        (
            ApprovalStep(
                approval=a,
                order=review_step.order,
                name=review_step.name,
                mode=review_step.mode,
                status=StepStatus.PENDING if a.status == ApprovalStatus.PENDING else StepStatus.APPROVED,
                started_at=a.submitted_at,
                finished_at=a.finished_at,
            )
            for a in approvals
        ),
    )
    assignment_rows = []
    for n, (step, a) in enumerate(zip(steps, approvals, strict=True)):
        decider = approvers[n % len(approvers)]
        for person in approvers:
            decided = a.status == ApprovalStatus.APPROVED and person.pk == decider.pk
            assignment_rows.append(
                ApprovalAssignment(
                    step=step,
                    approver=person,
                    outcome=Outcome.APPROVE if decided else "",
                    decided_at=a.finished_at if decided else None,
                )
            )
    bulk(ApprovalAssignment, assignment_rows, batch_size=5000)
    say("deliverables", len(deliverables))
    say("approvals", len(approvals))
    say("approvals pending", sum(1 for a in approvals if a.status == ApprovalStatus.PENDING))
    del deliverable_rows, assignment_rows

    # ---- service requests -----------------------------------------------------------------
    submitted_n = p.queued_requests * 4 // 7
    status_plan = [RequestStatus.SUBMITTED] * submitted_n + [RequestStatus.ASSIGNED] * (p.queued_requests - submitted_n)
    rest = p.service_requests - len(status_plan)
    others = [
        (RequestStatus.ACCEPTED, 0.03),
        (RequestStatus.IN_PROGRESS, 0.05),
        (RequestStatus.DELIVERED, 0.12),
        (RequestStatus.REJECTED, 0.02),
        (RequestStatus.CANCELLED, 0.02),
    ]
    for status, share in others:
        status_plan += [status] * int(rest * share)
    status_plan += [RequestStatus.CLOSED] * (p.service_requests - len(status_plan))
    rng.shuffle(status_plan)
    active_opps = [o for o in opportunities if o.status == OpportunityStatus.ACTIVE] or opportunities
    sr_rows = []
    for i, status in enumerate(status_plan):
        o = (
            active_opps[i % len(active_opps)]
            if status in (RequestStatus.SUBMITTED, RequestStatus.ASSIGNED)
            else (opportunities[(i * 11) % len(opportunities)])
        )
        queued = status == RequestStatus.SUBMITTED
        submitted = past(20, 0) if status in (RequestStatus.SUBMITTED, RequestStatus.ASSIGNED) else past(1300, 20)
        assigned = None if queued else submitted + timedelta(hours=rng.uniform(1, 48))
        later = status not in (RequestStatus.SUBMITTED, RequestStatus.ASSIGNED, RequestStatus.REJECTED)
        delivered = status in (RequestStatus.DELIVERED, RequestStatus.CLOSED)
        sr_rows.append(
            ServiceRequest(
                code=f"SR-{year}-{i + 1:06d}",
                opportunity=o,
                customer_id=o.customer_id,
                request_type=rng.choice(RequestType.values),
                title=f"基准服务请求{i:06d}",
                content="请售前支持：方案编制与现场交流。",
                contact_name="联系人",
                wanted_by=(submitted + timedelta(days=rng.randrange(3, 30))).date(),
                priority="urgent" if rng.random() < 0.15 else "normal",
                estimated_hours=None if queued else Decimal(rng.randrange(4, 40)),
                due_date=None if queued else (submitted + timedelta(days=rng.randrange(5, 30))).date(),
                status=status,
                requested_by_id=o.sales_owner_id,
                assignee=None if queued or status == RequestStatus.REJECTED else engineers[i % len(engineers)],
                assigned_by=None if queued or status == RequestStatus.REJECTED else by_role["presales_manager"][0],
                submitted_at=submitted,
                assigned_at=None if status == RequestStatus.REJECTED else assigned,
                accepted_at=assigned + timedelta(hours=2) if later and assigned else None,
                started_at=assigned + timedelta(hours=4) if later and assigned else None,
                delivered_at=assigned + timedelta(days=5) if delivered and assigned else None,
                closed_at=assigned + timedelta(days=7) if status == RequestStatus.CLOSED and assigned else None,
                reason="基准：不需要" if status in (RequestStatus.REJECTED, RequestStatus.CANCELLED) else "",
            )
        )
    bulk(ServiceRequest, sr_rows)
    ServiceRequestCodeCounter.objects.update_or_create(year=year, defaults={"last": len(sr_rows)})
    say("service requests", len(sr_rows))
    say("requests queued", sum(1 for s in status_plan if s in (RequestStatus.SUBMITTED, RequestStatus.ASSIGNED)))
    del sr_rows

    # ---- catalog, quotes, versions, sections, lines ----------------------------------------
    category = ProductCategory.objects.create(name="基准产品")
    products = bulk(
        Product,
        (
            Product(
                category=category,
                model_code=f"BP-{i:04d}",
                name=f"基准产品{i}",
                list_price=Decimal(1000 + i * 37),
                standard_cost=Decimal(700 + i * 23),
                channel_price=Decimal(900 + i * 31),
            )
            for i in range(200)
        ),
    )
    quoted = [o for o in opportunities if o.current_stage.order >= 2]
    quoted = sorted(quoted, key=lambda o: (o.sales_owner_id != bench_rep.pk, o.pk))  # bench_rep's first: the big one
    quoted = quoted[: p.quotes]
    commercials = by_role["commercial"]
    quotes = bulk(
        Quote,
        (
            Quote(
                opportunity=o,
                code=f"BJ-{year}-{i + 1:06d}",
                title=f"{o.name} 报价清单",
                created_by=commercials[i % len(commercials)],
                created_at=o.stage_entered_at,
                updated_at=o.stage_entered_at,
            )
            for i, o in enumerate(quoted)
        ),
    )
    version_status = [(VersionStatus.DRAFT, 50), (VersionStatus.APPROVED, 35), (VersionStatus.IN_REVIEW, 10),
                      (VersionStatus.RETURNED, 5)]  # fmt: skip
    versions = bulk(
        QuoteVersion,
        (
            QuoteVersion(
                quote=q,
                number=1,
                status=VersionStatus.DRAFT
                if i == 0
                else rng.choices([s for s, _w in version_status], [w for _s, w in version_status])[0],
                created_by=q.created_by,
                created_at=q.created_at,
                updated_at=q.created_at,
            )
            for i, q in enumerate(quotes)
        ),
    )
    per_version, extra_lines = divmod(max(0, p.quote_lines - p.big_version_lines), max(1, len(versions) - 1))
    section_rows, section_of = [], []
    for i, v in enumerate(versions):
        n = p.big_version_sections if i == 0 else 3
        section_of.append(len(section_rows))
        section_rows += [QuoteSection(version=v, order=s + 1, name=f"分项{s + 1}") for s in range(n)]
    sections = bulk(QuoteSection, section_rows)
    total_lines = 0
    for start in range(0, len(versions), 200):  # lines in chunks of versions: memory stays small
        line_rows = []
        for i in range(start, min(start + 200, len(versions))):
            v = versions[i]
            n_lines = p.big_version_lines if i == 0 else per_version + (i <= extra_lines)
            n_sections = p.big_version_sections if i == 0 else 3
            mine = sections[section_of[i] : section_of[i] + n_sections]
            lines = []
            for k in range(n_lines):
                product = products[(i * 13 + k) % len(products)]
                lines.append(
                    QuoteLine(
                        version=v,
                        section=mine[k * n_sections // n_lines],
                        order=k + 1,
                        product=product if k % 4 else None,
                        model_code=product.model_code,
                        name=f"基准设备{k}",
                        spec="48V/50A",
                        unit="台",
                        quantity=Decimal(1 + k % 12),
                        unit_price=Decimal("1234.56") + k,
                        unit_cost=Decimal("876.54") + k if k % 10 else None,
                        channel_price=Decimal("1100.00") + k,
                        discount_percent=Decimal(k % 7),
                        tax_rate=Decimal("13"),
                        note="基准" if k % 5 == 0 else "",
                    )
                )
            totals = pricing.summarize(lines)
            v.total_amount, v.total_net, v.total_cost = totals.total, totals.net, totals.cost
            v.missing_cost, v.line_count = totals.missing_cost, totals.lines
            line_rows += lines
        bulk(QuoteLine, line_rows, batch_size=5000)
        total_lines += len(line_rows)
    QuoteVersion.objects.bulk_update(
        versions, ["total_amount", "total_net", "total_cost", "missing_cost", "line_count"], batch_size=1000
    )
    say("quotes", len(quotes))
    say("quote lines", total_lines)
    say("big version lines", versions[0].line_count if versions else 0)

    # ---- contracts ------------------------------------------------------------------------
    version_of = {q.opportunity_id: v for q, v in zip(quotes, versions, strict=True)}
    won = [o for o in opportunities if o.status == OpportunityStatus.WON]
    contracted = (won + [o for o in opportunities if o.current_stage.order == len(stages)])[: p.contracts]
    contract_status = [(ContractStatus.SIGNED, 60), (ContractStatus.DRAFT, 15), (ContractStatus.IN_REVIEW, 10),
                       (ContractStatus.APPROVED, 10), (ContractStatus.RETURNED, 5)]  # fmt: skip
    contract_rows = []
    for i, o in enumerate(contracted):
        status = rng.choices([s for s, _w in contract_status], [w for _s, w in contract_status])[0]
        v = version_of.get(o.pk)
        contract_rows.append(
            Contract(
                opportunity=o,
                kind=ContractKind.PURCHASE if o.has_tender else ContractKind.SALES,
                number=f"HT-{year}-{i + 1:05d}",
                title=f"{o.name} 合同",
                quote_version=v if v is not None and v.status == VersionStatus.APPROVED else None,
                party_a=o.customer.name,
                amount=v.total_amount if v is not None else (o.expected_amount or Decimal(0)),
                payment_terms="3-6-1",
                signed_on=o.stage_entered_at.date() if status == ContractStatus.SIGNED else None,
                status=status,
                created_by=commercials[i % len(commercials)],
                created_at=o.stage_entered_at,
                updated_at=o.stage_entered_at,
            )
        )
    bulk(Contract, contract_rows)
    ContractCounter.objects.update_or_create(year=year, defaults={"last": len(contract_rows)})
    say("contracts", len(contract_rows))
    return counts


def _migrations_key() -> str:
    import hashlib

    digest = hashlib.sha1()
    for path in sorted((ROOT / "presales").glob("*/migrations/*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def migrate(connection, call_command) -> None:
    """Run the migrations; on SQLite, copy a migrated empty file kept from an earlier run of
    the same migrations (migrating takes a minute or more on a busy 2-core machine)."""
    import shutil

    if connection.vendor == "postgresql":
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):  # not made from the template
            call_command("migrate", verbosity=0)
            name = connection.settings_dict["NAME"]
            connection.close()
            import psycopg

            settings = connection.settings_dict
            with psycopg.connect(
                host=settings["HOST"] or "127.0.0.1",
                port=settings["PORT"] or 5432,
                user=settings["USER"] or "postgres",
                password=settings["PASSWORD"] or None,
                dbname="postgres",
                autocommit=True,
            ) as admin:
                template = f"{name}_migrated_{_migrations_key()}"
                admin.execute(f'DROP DATABASE IF EXISTS "{template}"')
                admin.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
        return
    if connection.vendor != "sqlite":
        call_command("migrate", verbosity=0)
        return
    target = Path(connection.settings_dict["NAME"])
    cached = target.parent / f"migrated-{_migrations_key()}.sqlite3"
    if cached.exists():
        connection.close()
        shutil.copyfile(cached, target)
        return
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    shutil.copyfile(target, cached)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default=os.environ.get("PROFILE", "small"))
    parser.add_argument(
        "--keep", action="store_true", help="do not recreate the database (it must be empty and migrated)"
    )
    args = parser.parse_args(argv)
    url = database_url()
    if not args.keep:
        reset_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    print(f"generating profile {args.profile} into {connection.vendor} ({connection.settings_dict['NAME']})")
    started = time.perf_counter()
    migrate(connection, call_command)
    print(f"  migrated in {time.perf_counter() - started:.1f} s")
    generate(args.profile)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as a database that grew over years has
    print(f"done in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
