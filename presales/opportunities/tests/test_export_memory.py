"""The opportunity export streams: its memory does not grow with the rows it writes.

Measured with tracemalloc (the peak of Python allocations while the view builds the
workbook), not with time, so it holds on any machine: 10,000 rows may take at most a small
factor more than 1,000 (both read the rows in chunks of EXPORT_CHUNK), never ten times."""

from __future__ import annotations

import tracemalloc
from decimal import Decimal
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from presales.customers.models import Customer
from presales.opportunities.models import Opportunity, StageTemplate
from presales.testing import xlsx_bytes


def add_opportunities(owner, start: int, n: int) -> None:
    template = StageTemplate.objects.get(is_default=True)
    stages = list(template.stages.order_by("order"))
    customers = Customer.objects.bulk_create(
        [
            Customer(name=f"导出客户{i}", name_key=f"导出客户{i}", industry="government", owner=owner)
            for i in range(start, start + 50)
        ]
    )
    Opportunity.objects.bulk_create(
        [
            Opportunity(
                code=f"PS-2098-{i:05d}",
                name=f"导出商机{i:05d}——某省电力公司直流电源系统改造项目",
                customer=customers[i % 50],
                sales_owner=owner,
                industry="government",
                expected_amount=Decimal(100000 + i),
                template=template,
                current_stage=stages[i % len(stages)],
                created_by=owner,
            )
            for i in range(start, start + n)
        ],
        batch_size=1000,
    )


def export_peak(client) -> tuple[int, int]:
    """(peak bytes allocated while the view ran, rows in the file)."""
    tracemalloc.start()
    try:
        response = client.get(reverse("opportunities:export"))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(xlsx_bytes(response)), read_only=True).worksheets[0]
    return peak, sum(1 for _ in sheet.iter_rows()) - 1


def test_the_export_memory_stays_flat_from_1000_to_10000_rows(client, manager):
    add_opportunities(manager, 0, 1000)
    client.force_login(manager)
    client.get(reverse("opportunities:export"))  # warm-up: translations, templates, caches
    peak_1k, rows_1k = export_peak(client)
    add_opportunities(manager, 1000, 9000)
    peak_10k, rows_10k = export_peak(client)

    assert (rows_1k, rows_10k) == (1000, 10000)
    assert peak_10k < 1.5 * peak_1k, (peak_1k, peak_10k)
