"""Benchmark: a quote version with many lines — its page, its totals and its exports.

Builds one quote version with 2,000 lines (BENCH_QUOTE_LINES) in 20 sections, in a throw-away
SQLite database in a temporary folder like bench/run.py (which calls this at its end), then
times, median of 5: the version page rendered for the commercial head (he sees cost, so every
column is there), recomputing the cached totals (presales.quotes.services.refresh_totals),
the Excel export and the Word export (both through their views). Prints the page's query
count too. Asserts nothing about speed — speed is measured here, never in tests.

    python bench/quote_bench.py
    BENCH_QUOTE_LINES=10000 python bench/quote_bench.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "presales.settings")
os.environ.setdefault("PRESALES_VAR_DIR", tempfile.mkdtemp(prefix="presales-bench-"))
os.environ.setdefault("AXES_ENABLED", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

LINES = int(os.environ.get("BENCH_QUOTE_LINES", "2000"))
SECTIONS = 20


def timed(label: str, func, repeat: int = 5) -> None:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{label:<45} median {statistics.median(samples):8.1f} ms   min {min(samples):8.1f} ms")


def get_ok(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:  # a benchmark of an error page would measure nothing
        raise SystemExit(f"GET {url} answered {response.status_code}")
    return response


def build_version():
    """A quote version with LINES lines in SECTIONS sections (bulk_create; set-up only)."""
    from presales.catalog.models import Product, ProductCategory
    from presales.quotes import services
    from presales.quotes.models import QuoteLine, QuoteSection
    from presales.testing import make_customer, make_opportunity, make_user

    rep = make_user("bench_quote_rep", "sales_rep", full_name="基准销售")
    commercial = make_user("bench_quote_commercial", "commercial", full_name="基准商务")
    customer = make_customer(rep, "报价基准测试客户")
    opportunity = make_opportunity(rep, customer, name="报价基准测试项目")
    quote = services.quote_create(user=commercial, opportunity=opportunity, title="报价基准测试清单")
    version = quote.versions.get(number=1)
    category = ProductCategory.objects.create(name="报价基准产品")
    products = Product.objects.bulk_create(
        Product(
            category=category,
            model_code=f"BQ-{i:03d}",
            name=f"基准产品{i}",
            list_price=Decimal(1000 + i * 37),
            standard_cost=Decimal(700 + i * 23),
            channel_price=Decimal(900 + i * 31),
        )
        for i in range(50)
    )
    sections = QuoteSection.objects.bulk_create(
        QuoteSection(version=version, order=i + 1, name=f"分项{i + 1}") for i in range(SECTIONS)
    )
    QuoteLine.objects.bulk_create(
        QuoteLine(
            version=version,
            section=sections[i % SECTIONS],
            order=i + 1,
            product=products[i % len(products)] if i % 4 else None,
            model_code=f"BQ-{i % len(products):03d}",
            name=f"基准设备{i}",
            spec="48V/50A",
            unit="台",
            quantity=Decimal(1 + i % 12),
            unit_price=Decimal("1234.56") + i,
            unit_cost=Decimal("876.54") + i if i % 10 else None,
            channel_price=Decimal("1100.00") + i,
            discount_percent=Decimal(i % 7),
            tax_rate=Decimal("13"),
            note="基准" if i % 5 == 0 else "",
        )
        for i in range(LINES)
    )
    services.refresh_totals(version)
    version.save()
    return version, commercial


def main() -> None:
    call_command("migrate", verbosity=0)
    from presales.quotes import services

    version, commercial = build_version()
    print(f"quote version with {version.line_count} lines in {SECTIONS} sections, total ¥{version.total_amount}")
    client = Client()
    client.force_login(commercial)
    page_url = f"/quotes/versions/{version.pk}/"
    get_ok(client, page_url)  # warm-up: templates compiled, caches filled
    # The test client's request_started signal resets the query log: start it empty so the
    # context's slice [before:after] counts this request's queries.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        get_ok(client, page_url)
    timed("quote version page (commercial)", lambda: get_ok(client, page_url))
    print(f"{'quote version page queries':<45} {len(queries.captured_queries)}")
    timed("refresh_totals (recompute version totals)", lambda: services.refresh_totals(version))
    timed("Excel export", lambda: get_ok(client, f"/quotes/versions/{version.pk}/export.xlsx"))
    timed("Word export", lambda: get_ok(client, f"/quotes/versions/{version.pk}/export.docx"))


if __name__ == "__main__":
    main()
