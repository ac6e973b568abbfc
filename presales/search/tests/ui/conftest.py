"""Builders for the tests of what the apps index and of the search pages and API.

Objects are made through the apps' services, as users would (contracts and quote versions
straight as rows, like the contracts tests: those apps are tested on their own). Indexing
happens as in production: the save enqueues the index task after the commit, which runs
inline (`indexed()` runs the on-commit callbacks the test transaction would otherwise hold).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from presales.testing import file_content, make_customer, make_opportunity

_numbers = count(1)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); the Chinese catalogue is tested apart."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(settings, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.LANGUAGE_CODE = "en"
    return client


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """`with indexed(): …` — the saves inside are indexed when the block ends (their commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- one object of each source, with a word of its own -----------------------------------


def customer(owner, name="杭州市公安局", **extra):
    return make_customer(owner, name, short_name=extra.pop("short_name", "杭州公安"), region="浙江省杭州市", **extra)


def opportunity(owner, cust=None, *, name="雪亮工程视频监控", **extra):
    cust = cust or customer(owner, f"客户{next(_numbers)}号")
    return make_opportunity(owner, cust, name=name, competitors=extra.pop("competitors", "海康威视、大华"), **extra)


def activity(opp, user, subject="拜访信息科讨论直流屏改造"):
    from presales.opportunities.services.activities import activity_log

    return activity_log(
        opportunity=opp,
        user=user,
        data={
            "kind": "visit",
            "occurred_on": timezone.localdate(),
            "subject": subject,
            "outcome": "客户关注蓄电池寿命",
        },
    )


def contact(cust, user, name="张主任"):
    from presales.customers.services import contact_save

    return contact_save(customer=cust, user=user, data={"name": name, "title": "信息科科长", "concerns": "绝缘监测"})


def service_request(user, opp, title="一体化电源方案设计"):
    from presales.service_requests import services

    data = {
        "opportunity": opp,
        "customer": opp.customer,
        "request_type": "solution_design",
        "title": title,
        "content": "为变电站设计直流屏和通信电源",
        "contact_name": "张主任",
        "contact_phone": "13800000000",
        "site_address": "杭州市西湖区",
        "wanted_by": timezone.localdate(),
        "priority": "normal",
    }
    return services.request_create(user=user, data=data)


def survey(sr, manager, engineer, needs="机房空间不足需要壁挂式电源"):
    from presales.service_requests import services

    sr = services.request_assign(request=sr, user=manager, engineer=engineer, estimated_hours=6, survey_needed=True)
    sr = services.request_accept(request=sr, user=engineer)
    sr = services.request_start(request=sr, user=engineer)
    data = {
        "surveyed_on": timezone.localdate(),
        "place": "二号机房",
        "people_met": "信息科王科长",
        "needs_found": needs,
    }
    return services.survey_save(request=sr, user=engineer, data=data)


def solution(opp, engineer, *, title="变电站一体化电源解决方案", file_text="蓄电池组采用阀控式密封铅酸电池"):
    from presales.solutions import services

    made = services.solution_create(
        user=engineer,
        opportunity=opp,
        data={"title": title, "scope": "直流系统、UPS", "due_date": date(2026, 3, 31)},
        designers=[engineer],
        team=[],
    )
    data = {
        "summary": "ZHDCS220直流系统加IMPS48/150通信电源",
        "main_equipment": "ZHDCS220 65/200",
        "cost_low": Decimal("731357"),
        "cost_high": Decimal("950000"),
        "change_reason": "",
    }
    document = SimpleUploadedFile("方案.docx", file_content("方案.docx", file_text))
    services.version_create(solution=made, user=engineer, data=data, file=document)
    return made


def category():
    from presales.catalog.models import ParameterDefinition, ProductCategory

    made, _ = ProductCategory.objects.get_or_create(name="通信电源系统", parent=None, defaults={"order": 1})
    ParameterDefinition.objects.get_or_create(
        category=made, key="voltage", defaults={"label": "额定电压", "unit": "V", "value_type": "int"}
    )
    return made


def product(commercial, code="IMPS48/150", name="高频开关电源系统", cost="7313.57"):
    from presales.catalog.services import product_create

    data = {
        "category": category(),
        "model_code": code,
        "name": name,
        "list_price": Decimal("12000"),
        "standard_cost": Decimal(cost),
        "channel_price": Decimal("9876.54"),
        "description": "通信机房用高频开关电源",
        "params": {"voltage": 48},
    }
    return product_create(user=commercial, data=data)


def component(model="3VA1 63A 3P"):
    from presales.catalog.models import Brand, Component, ComponentCategory

    brand, _ = Brand.objects.get_or_create(name="西门子", defaults={"country": "德国"})
    kind, _ = ComponentCategory.objects.get_or_create(name="交流断路器")
    return Component.objects.create(category=kind, brand=brand, model=model, name="塑壳断路器", spec="3P 63A")


def quote(opp, user, *, title="一体化电源报价", line="ZHM05P 绝缘监测装置", cost="4321.98"):
    from presales.quotes.models import QuoteVersion
    from presales.quotes.services import line_add, quote_create

    made = quote_create(user=user, opportunity=opp, title=title)
    version = QuoteVersion.objects.get(quote=made, number=1)
    model_code, name = line.split(" ", 1)
    line_add(
        version=version,
        user=user,
        data={
            "model_code": model_code,
            "name": name,
            "quantity": Decimal("2"),
            "unit_price": Decimal("8765.43"),
            "unit_cost": Decimal(cost),
        },
    )
    return made


def contract(opp, user, *, title="一体化电源购销合同", number=None):
    from presales.contracts.models import Contract

    return Contract.objects.create(
        opportunity=opp,
        kind="sales",
        number=number or f"HT-2026-{next(_numbers):04d}",
        title=title,
        party_a=opp.customer.name,
        amount=Decimal("1234567.89"),
        payment_terms="签订后付30%",
        notes="含安装调试",
        created_by=user,
    )
