"""Benchmarks: how long the pipeline board, the opportunity list and the gate take with many rows.

Runs against a throw-away SQLite database in a temporary folder (or DATABASE_URL if set to
a database you can wipe). Prints timings; asserts nothing — speed is measured here, never in tests.

    make bench                 # 2,000 opportunities
    BENCH_ROWS=20000 make bench

Then bench/quote_bench.py (a quote version with 2,000 lines; also runs on its own).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "presales.settings")
os.environ.setdefault("PRESALES_VAR_DIR", tempfile.mkdtemp(prefix="presales-bench-"))
os.environ.setdefault("AXES_ENABLED", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "2000"))


def timed(label: str, func, repeat: int = 5) -> None:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{label:<45} median {statistics.median(samples):8.1f} ms   min {min(samples):8.1f} ms")


def main() -> None:
    call_command("migrate", verbosity=0)
    from presales.customers.models import Customer
    from presales.opportunities.models import Opportunity, StageTemplate
    from presales.testing import make_customer, make_opportunity, make_user

    manager = make_user("bench_manager", "presales_manager")
    rep = make_user("bench_rep", "sales_rep")
    first = make_customer(rep, "基准测试客户")
    template = StageTemplate.objects.get(is_default=True)
    stages = list(template.stages.order_by("order"))
    customers = Customer.objects.bulk_create(
        Customer(name=f"客户{i}", name_key=f"客户{i}", industry="government", owner=rep) for i in range(ROWS // 10)
    )
    now = timezone.now()
    Opportunity.objects.bulk_create(
        Opportunity(
            code=f"BENCH-{i:06d}",
            name=f"基准项目{i}",
            customer=customers[i % len(customers)],
            sales_owner=rep,
            industry="government",
            template=template,
            current_stage=stages[i % len(stages)],
            stage_entered_at=now,
            created_by=rep,
            expected_amount=100000 + i,
        )
        for i in range(ROWS)
    )
    opportunity = make_opportunity(rep, first)
    print(f"{ROWS} opportunities, {len(customers) + 1} customers")

    for user, who in ((manager, "manager"), (rep, "rep")):
        client = Client()
        client.force_login(user)
        timed(f"board ({who})", lambda c=client: c.get("/opportunities/board/"))
        timed(f"list page 1 ({who})", lambda c=client: c.get("/opportunities/"))
        timed(f"customer list ({who})", lambda c=client: c.get("/customers/"))
        timed(f"opportunity page ({who})", lambda c=client: c.get(f"/opportunities/{opportunity.pk}/"))

    from presales.opportunities.services import gate_missing

    timed("gate_missing", lambda: gate_missing(opportunity), repeat=20)

    from quote_bench import main as quote_bench  # bench/quote_bench.py: a quote with 2,000 lines

    quote_bench()


if __name__ == "__main__":
    main()
