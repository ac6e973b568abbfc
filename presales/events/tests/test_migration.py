"""The copy of the five old event tables into the stream (events/migrations/0002): the
mapping of every form the old services wrote, and the migration run on a database."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from presales.events import registry, selectors
from presales.events.models import Event
from presales.testing import make_opportunity

copy = importlib.import_module("presales.events.migrations.0002_copy_old_events")

STAGES = {1: "接触", 2: "咨询"}


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"kind": "stage_advanced", "from_stage_id": 1, "to_stage_id": 2, "reason": "客户同意", "detail": ""},
            (
                "opportunities.stage_advanced",
                {
                    "code": "PS-1",
                    "from_stage_id": 1,
                    "from_stage": "接触",
                    "to_stage_id": 2,
                    "to_stage": "咨询",
                    "reason": "客户同意",
                },
            ),
        ),
        (
            {"kind": "created", "to_stage_id": 1, "from_stage_id": None},
            ("opportunities.created", {"code": "PS-1", "name": "园区", "to_stage_id": 1, "to_stage": "接触"}),
        ),
        (
            {"kind": "deliverable_returned", "detail": "《拜访记录》 v2", "reason": "缺少参会人员"},
            (
                "opportunities.deliverable_returned",
                {"code": "PS-1", "title": "拜访记录", "version": 2, "reason": "缺少参会人员"},
            ),
        ),
        (
            {"kind": "closed", "detail": "赢单", "reason": "验收合格", "from_stage_id": 2},
            (
                "opportunities.closed",
                {"code": "PS-1", "status": "won", "from_stage_id": 2, "from_stage": "咨询", "reason": "验收合格"},
            ),
        ),
        (
            {"kind": "team_changed", "detail": "Added 赵工"},
            ("opportunities.member_added", {"code": "PS-1", "member": "赵工"}),
        ),
        (
            {"kind": "team_changed", "detail": "移除了 赵工"},
            ("opportunities.member_removed", {"code": "PS-1", "member": "赵工"}),
        ),
        (
            {"kind": "team_changed", "detail": "换了人"},
            ("opportunities.legacy", {"old_kind": "team_changed", "detail": "换了人"}),
        ),
    ],
)
def test_opportunity_rows(row, expected):
    assert copy.map_opportunity_event(row, code="PS-1", name="园区", stages=STAGES) == expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"kind": "assigned", "from_status": "submitted", "to_status": "assigned", "reason": "张工 → 赵工"},
            (
                "service_requests.assigned",
                {
                    "code": "SR-1",
                    "from_status": "submitted",
                    "to_status": "assigned",
                    "engineer": "赵工",
                    "previous": "张工",
                },
            ),
        ),
        (
            {"kind": "declined", "from_status": "assigned", "to_status": "submitted", "reason": "出差"},
            (
                "service_requests.declined",
                {"code": "SR-1", "from_status": "assigned", "to_status": "submitted", "reason": "出差"},
            ),
        ),
        (
            {"kind": "survey_decided", "reason": "需要现场勘察"},
            ("service_requests.survey_decided", {"code": "SR-1", "survey_needed": True}),
        ),
        (
            {"kind": "survey_decided", "reason": "No site survey: sales fills the requirements form"},
            ("service_requests.survey_decided", {"code": "SR-1", "survey_needed": False}),
        ),
        (
            {"kind": "file_added", "reason": "a.pdf, b.dwg"},
            ("service_requests.file_added", {"code": "SR-1", "files": ["a.pdf", "b.dwg"]}),
        ),
    ],
)
def test_request_rows(row, expected):
    assert copy.map_request_event(row, code="SR-1", title="方案设计") == expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"kind": "version_returned", "detail": "v2: 成本过高; 缺少图纸"},
            (
                "solutions.version_returned",
                {"code": "S1", "title": "方案", "version": 2, "reason": "成本过高; 缺少图纸"},
                False,
            ),
        ),
        (
            {"kind": "solution_updated", "detail": "title, designers"},
            ("solutions.solution_updated", {"code": "S1", "title": "方案", "fields": ["title", "designers"]}, False),
        ),
        (
            {"kind": "checklist_set", "detail": "CAD图纸: True"},
            ("solutions.checklist_handed_over", {"code": "PS-1", "item": "CAD图纸"}, True),
        ),
        (
            {"kind": "checklist_set", "detail": "CAD图纸: False"},
            ("solutions.checklist_not_handed_over", {"code": "PS-1", "item": "CAD图纸"}, True),
        ),
        (
            {"kind": "visit_added", "detail": "2026-03-02"},
            ("solutions.visit_added", {"code": "PS-1", "visited_on": "2026-03-02"}, True),
        ),
        (
            {"kind": "acceptance_approved", "detail": ""},
            ("solutions.acceptance_approved", {"code": "PS-1"}, True),
        ),
        (
            {"kind": "version_created", "detail": "第二版"},
            ("solutions.legacy", {"old_kind": "version_created", "detail": "第二版"}, False),
        ),
    ],
)
def test_solution_rows(row, expected):
    assert copy.map_solution_event(row, code="S1", title="方案", opportunity_code="PS-1") == expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"kind": "quote_created", "detail": "园区报价"},
            ("quotes.quote_created", {"code": "Q1", "title": "园区报价"}),
        ),
        (
            {"kind": "version_created", "detail": "v2: 客户压价"},
            ("quotes.version_created", {"code": "Q1", "version": 2, "reason": "客户压价"}),
        ),
        ({"kind": "version_created", "detail": "v1: "}, ("quotes.version_created", {"code": "Q1", "version": 1})),
        (
            {"kind": "line_updated", "detail": "v1: IMPS48/150 电源 (quantity, unit_price)"},
            (
                "quotes.line_updated",
                {"code": "Q1", "version": 1, "line": "IMPS48/150 电源", "fields": ["quantity", "unit_price"]},
            ),
        ),
        (
            {"kind": "line_deleted", "detail": "v3: IMPS48/150 电源"},
            ("quotes.line_deleted", {"code": "Q1", "version": 3, "line": "IMPS48/150 电源"}),
        ),
        (
            {"kind": "configuration_added", "detail": "v1: ZHDCS220"},
            ("quotes.configuration_added", {"code": "Q1", "version": 1, "configuration": "ZHDCS220"}),
        ),
        (
            {"kind": "submitted", "detail": "v2 bid ¥1200000.00"},
            ("quotes.submitted", {"code": "Q1", "version": 2, "purpose": "bid", "total": "1200000.00"}),
        ),
        (
            {"kind": "approved", "detail": "v2 contract"},
            ("quotes.approved", {"code": "Q1", "version": 2, "purpose": "contract"}),
        ),
        (
            {"kind": "returned", "detail": "v2: 毛利过低"},
            ("quotes.returned", {"code": "Q1", "version": 2, "reason": "毛利过低"}),
        ),
        ({"kind": "withdrawn", "detail": "v4"}, ("quotes.withdrawn", {"code": "Q1", "version": 4})),
        ({"kind": "renamed", "detail": "旧的"}, ("quotes.legacy", {"old_kind": "renamed", "detail": "旧的"})),
    ],
)
def test_quote_rows(row, expected):
    assert copy.map_quote_event(row, code="Q1") == expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"kind": "created", "detail": "HT-1"}, ("contracts.created", {"number": "HT-1", "title": "采购合同"})),
        (
            {"kind": "file_added", "detail": "合同草稿: 草稿.pdf"},
            ("contracts.file_added", {"number": "HT-1", "file": "草稿.pdf", "file_kind": "draft"}),
        ),
        (
            {"kind": "cost_added", "detail": "Equipment purchase 52000.00"},
            ("contracts.cost_added", {"number": "HT-1", "category": "equipment", "amount": "52000.00"}),
        ),
        (
            {"kind": "cost_deleted", "detail": "差旅 800.00 2026-03-02"},
            (
                "contracts.cost_deleted",
                {"number": "HT-1", "category": "travel", "amount": "800.00", "incurred_on": "2026-03-02"},
            ),
        ),
        (
            {"kind": "costs_imported", "detail": "共 3 行，合计 1500.00"},
            ("contracts.costs_imported", {"number": "HT-1", "rows": 3, "total": "1500.00"}),
        ),
        (
            {"kind": "costs_imported", "detail": "3 rows, 1500.00 in total"},
            ("contracts.costs_imported", {"number": "HT-1", "rows": 3, "total": "1500.00"}),
        ),
        (
            {"kind": "signed", "detail": "2026-03-02"},
            ("contracts.signed", {"number": "HT-1", "signed_on": "2026-03-02"}),
        ),
        ({"kind": "submitted", "detail": ""}, ("contracts.submitted", {"number": "HT-1"})),
    ],
)
def test_contract_rows(row, expected):
    assert copy.map_contract_event(row, number="HT-1", title="采购合同") == expected


# --- the migration on a database --------------------------------------------------------------

BEFORE_THE_COPY = [
    ("events", "0001_initial"),
    ("opportunities", "0008_stage_role"),
    ("service_requests", "0004_file_names"),
    ("solutions", "0004_file_names"),
    ("quotes", "0005_text_limits"),
    ("contracts", "0003_file_names_and_text_limits"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_copies_the_old_rows_and_deletes_the_old_tables(rep, engineer, customer):
    from presales.quotes.models import Quote
    from presales.service_requests.models import ServiceRequest
    from presales.solutions.models import Solution

    opportunity = make_opportunity(rep, customer, presales_lead=engineer)
    stage = opportunity.current_stage
    sr = ServiceRequest.objects.create(
        code="SR-2026-0001",
        opportunity=opportunity,
        customer=customer,
        request_type="solution_design",
        title="方案设计",
        content="x",
        wanted_by=timezone.localdate(),
        requested_by=rep,
    )
    solution = Solution.objects.create(
        opportunity=opportunity, code=f"{opportunity.code}-S1", title="方案", created_by=rep
    )
    quote = Quote.objects.create(opportunity=opportunity, code=f"{opportunity.code}-Q1", title="报价", created_by=rep)
    Event.objects.all().delete()  # what the services above wrote: only the copied rows are looked at
    leaf = [key for key in MigrationExecutor(connection).loader.graph.leaf_nodes()]

    try:
        old = migrate(BEFORE_THE_COPY)
        earlier = timezone.now() - timedelta(days=30)
        old.get_model("opportunities", "OpportunityEvent").objects.create(
            opportunity_id=opportunity.pk, kind="stage_advanced", actor_id=engineer.pk, at=earlier,
            from_stage_id=stage.pk, to_stage_id=stage.pk, reason="客户同意",
        )  # fmt: skip
        old.get_model("service_requests", "ServiceRequestEvent").objects.create(
            request_id=sr.pk, kind="declined", actor_id=engineer.pk, at=earlier + timedelta(days=1),
            from_status="assigned", to_status="submitted", reason="出差",
        )  # fmt: skip
        old.get_model("solutions", "SolutionEvent").objects.create(
            opportunity_id=opportunity.pk, solution_id=solution.pk, kind="version_created", actor_id=engineer.pk,
            detail="v1",
        )  # fmt: skip
        old.get_model("quotes", "QuoteEvent").objects.create(
            quote_id=quote.pk, kind="submitted", actor_id=rep.pk, detail="v1 bid ¥1200000.00"
        )
        old.get_model("quotes", "QuoteEvent").objects.create(quote_id=quote.pk, kind="odd_kind", actor_id=rep.pk)
    finally:
        migrate(leaf)

    copied = {e.kind: e for e in Event.objects.all()}
    assert set(copied) == {
        "opportunities.stage_advanced",
        "service_requests.declined",
        "solutions.version_created",
        "quotes.submitted",
        "quotes.legacy",
    }
    advanced = copied["opportunities.stage_advanced"]
    assert (advanced.actor_id, advanced.at, advanced.opportunity_id, advanced.customer_id) == (
        engineer.pk,
        earlier,
        opportunity.pk,
        customer.pk,
    )
    assert advanced.subject == opportunity and advanced.data["from_stage"] == stage.name
    assert copied["service_requests.declined"].subject == sr
    assert copied["solutions.version_created"].subject == solution
    assert copied["quotes.submitted"].subject == quote
    assert copied["quotes.submitted"].data["total"] == "1200000.00"
    # the old tables are gone
    tables = connection.introspection.table_names()
    assert not {"opportunities_opportunityevent", "quotes_quoteevent", "contracts_contractevent"} & set(tables)
    # and every copied row reads in both languages
    for event in copied.values():
        for language in ("zh-hans", "en"):
            with translation.override(language):
                sentence = selectors.sentence(registry.get(event.kind), event.data, strict=True)
            assert "None" not in sentence
    with translation.override("en"):
        assert selectors.render(copied["quotes.submitted"]).sentence == (
            f"sent {quote.code} v1 to price review as the Bid price, ¥1,200,000.00"
        )
