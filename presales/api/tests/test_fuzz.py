"""Fuzzing the API against its own OpenAPI schema (schemathesis, issue 8).

Every operation of the schema served at /api/schema/ is called with generated requests —
the schema's examples, boundary and invalid values (coverage phase: empty, repeated and
non-integer `page`, odd ids, missing fields) and random valid ones (fuzzing phase) — once with
a manager's token and once with a sales rep's, over demo-like data so that lists and objects
exist. It fails on any 5xx and on any answer the schema does not declare: a status code,
content type, header or body shape. Bounded: at most MAX_EXAMPLES generated requests per
operation and phase, derandomized (the same cases on every run), no deadline.

Run it alone: `.venv/bin/pytest presales/api/tests/test_fuzz.py -p no:randomly`."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig

from presales.testing import make_customer, make_opportunity, walk_to
from presales.wsgi import application

MAX_EXAMPLES = 20

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 8,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        "phases": {"stateful": {"enabled": False}},
        "operations": [
            {
                # Well-formed but wrong credentials are refused with 400 by design (DRF).
                "include-name": "POST /api/token/",
                "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "429"]}},
            },
            {
                # Any bytes fit the schema's "binary": a file that is no library spreadsheet is
                # refused with 400 and the reason; a rep does not write the library (403).
                "include-name": "POST /api/v1/answers/import/",
                "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "403", "429"]}},
            },
        ],
    }
)


def _schema_document() -> dict:
    """The document /api/schema/ serves (the same generator; test_fuzzed_schema_is_the_served_one
    holds them equal). Built at import, because schemathesis makes one test per operation at
    collection — before any database or token exists to fetch it over HTTP."""
    return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))


schema = schemathesis.openapi.from_dict(_schema_document(), config=CONFIG)
schema.app = application  # every request, the checks' own probes too, goes to the WSGI application


@pytest.fixture
def demo_data(rep, other_rep, engineer, manager, sales_head, commercial):
    """A little of everything the API lists, built through the services as users would."""
    from presales.catalog.models import ProductCategory
    from presales.catalog.services import product_create
    from presales.contracts.services import contract_create
    from presales.quotes.services import line_add, quote_create

    category = ProductCategory.objects.create(name="通信电源系统", order=1)
    for code in ("IMPS48/150", "ZHM05"):
        product_create(
            user=commercial,
            data={
                "category": category,
                "model_code": code,
                "name": code,
                "list_price": Decimal("12000"),
                "standard_cost": Decimal("7300"),
            },
        )
    opportunity = make_opportunity(rep, make_customer(rep, "杭州市公安局"), presales_lead=engineer)
    make_opportunity(other_rep, make_customer(other_rep, "宁波交警支队"))
    version = quote_create(user=rep, opportunity=opportunity, title="园区安防报价").versions.get()
    line_add(
        version=version,
        user=commercial,
        data={
            "name": "网络摄像机",
            "model_code": "",
            "unit": "台",
            "quantity": Decimal("12"),
            "unit_price": Decimal("9800.00"),
            "discount_percent": Decimal("5"),
            "tax_rate": Decimal("13"),
            "unit_cost": Decimal("7319.47"),
            "channel_price": None,
        },
        seen_version=version.version,
        section_name="主设备",
    )
    won = walk_to(
        make_opportunity(rep, make_customer(rep, "温州市教育局"), presales_lead=engineer),
        "implementation",
        worker=engineer,
        approver=manager,
    )
    contract_create(user=rep, opportunity=won, data={"payment_terms": "签订后付30%，验收后付70%"})


@pytest.fixture(params=["manager", "rep"])
def caller(request, demo_data):
    """The Authorization header of a manager (sees all, with cost) or a rep (his own rows)."""
    user = request.getfixturevalue(request.param)
    return {"Authorization": f"Token {Token.objects.create(user=user).key}"}


@pytest.fixture(autouse=True)
def wsgi_in_test_transaction():
    """The requests go through the real WSGI application; like Django's test client, keep it
    from closing the database connection that holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_as_its_schema_says(case, caller):
    case.call_and_validate(headers=caller)


def test_fuzzed_schema_is_the_served_one(rep):
    client = Client()
    client.force_login(rep)
    served = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert served == _schema_document()
