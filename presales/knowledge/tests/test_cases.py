"""Success cases: every member of staff reads them (amount included), presales engineers and
managers write them; filters, bounded values, hidden documents and a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from presales.knowledge.models_reuse import SuccessCase
from presales.knowledge.services import cases as services
from presales.knowledge.tests.reuse_builders import library_doc, restricted_folder
from presales.lib.services import ServiceError

ALL_ROLES = ["rep", "engineer", "manager", "sales_head", "commercial", "finance", "service_mgmt", "admin_user"]


def make_case(user, title="某省电力公司直流电源改造", **data):
    values = {"customer_name": "某省电力公司", "industry": "power_grid", "year": 2025, "amount": Decimal("3680000")}
    values.update(data)
    products = values.pop("products", None)
    documents = values.pop("documents", None)
    return services.case_create(user=user, data={"title": title, **values}, products=products, documents=documents)


@pytest.fixture
def product(db):
    from presales.catalog.models import Product, ProductCategory

    category = ProductCategory.objects.first() or ProductCategory.objects.create(name="直流电源")
    return Product.objects.create(category=category, model_code="ZHDCS220", name="直流屏", list_price=Decimal("100000"))


@pytest.mark.parametrize("persona", ALL_ROLES)
def test_every_role_reads_cases_with_their_amount(request, client, persona, engineer):
    case = make_case(engineer, may_cite=True)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("cases:list")).status_code == 200
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "某省电力公司直流电源改造" in page and "3,680,000.00" in page


def test_an_account_without_a_role_reads_none(client, nobody, engineer):
    case = make_case(engineer)
    client.force_login(nobody)
    assert client.get(reverse("cases:list")).status_code == 403
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["rep", "commercial", "finance", "general_manager"])
def test_only_presales_engineers_and_managers_write_cases(request, client, persona, engineer):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        make_case(user)
    client.force_login(user)
    assert client.get(reverse("cases:create")).status_code == 403
    case = make_case(engineer)
    assert client.post(reverse("cases:edit", args=[case.pk]), {"title": "改"}).status_code == 403


def test_filters_industry_product_year_and_may_cite(client, rep, engineer, product):
    make_case(engineer, "电网案例", products=[product], may_cite=True)
    make_case(engineer, "轨交案例", industry="rail", year=2023)
    make_case(engineer, "不可引用", may_cite=False)
    client.force_login(rep)

    def titles(**query):
        response = client.get(reverse("cases:list"), query)
        return {c.title for c in response.context["page"]}

    assert titles() == {"电网案例", "轨交案例", "不可引用"}
    assert titles(industry="rail") == {"轨交案例"}
    assert titles(product=product.pk) == {"电网案例"}
    assert titles(year=2023) == {"轨交案例"}
    assert titles(may_cite=1) == {"电网案例"}
    assert titles(q="轨交") == {"轨交案例"}
    # Crafted filters are ignored, never an error page.
    assert titles(year="abc", product=2**70, industry="<x>") == {"电网案例", "轨交案例", "不可引用"}


def test_a_case_shows_only_the_documents_and_opportunity_the_reader_may_see(
    client, manager, engineer, rep, other_rep, opportunity
):
    from presales.opportunities.models import Opportunity

    Opportunity.objects.filter(pk=opportunity.pk).update(status="won", close_reason="中标")
    public = library_doc(manager, "验收报告")
    secret = library_doc(manager, "成本核算", where=restricted_folder())
    case = make_case(manager, opportunity=Opportunity.objects.get(pk=opportunity.pk), documents=[public, secret])
    client.force_login(other_rep)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "验收报告" in page and "成本核算" not in page and opportunity.code not in page
    client.force_login(rep)
    assert opportunity.code in client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    # An engineer who cannot see "成本核算" edits the case: the document stays attached.
    services.case_update(user=engineer, case=case, data={"title": "验收通过的改造"}, documents=[public])
    assert set(case.documents.values_list("title", flat=True)) == {"验收报告", "成本核算"}
    with pytest.raises(ServiceError, match="documents you can read"):
        services.case_update(user=engineer, case=case, data={}, documents=[public, secret])


def test_the_form_refuses_bad_values_and_keeps_what_was_typed(client, engineer):
    client.force_login(engineer)
    data = {"title": "超大项目", "customer_name": "", "year": "1800", "amount": "99999999999", "scope": "范围说明"}
    response = client.post(reverse("cases:create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"customer_name", "year", "amount"} <= set(errors)
    page = response.content.decode()
    assert "超大项目" in page and "范围说明" in page
    assert not SuccessCase.objects.exists()


def test_create_and_edit_through_the_pages(client, engineer, product):
    client.force_login(engineer)
    response = client.post(
        reverse("cases:create"),
        {"title": "某地铁综合监控", "customer_name": "某地铁公司", "industry": "rail", "year": "2024",
         "amount": "1250000.50", "products": [product.pk], "may_cite": "on", "version": "0"},
    )  # fmt: skip
    case = SuccessCase.objects.get()
    assert response.status_code == 302 and case.may_cite and list(case.products.all()) == [product]
    response = client.post(
        reverse("cases:edit", args=[case.pk]),
        {"title": "某地铁综合监控二期", "customer_name": "某地铁公司", "industry": "rail", "year": "2024",
         "version": str(case.version)},
    )  # fmt: skip
    case.refresh_from_db()
    assert response.status_code == 302 and case.title == "某地铁综合监控二期" and not case.may_cite
    stale = client.post(
        reverse("cases:edit", args=[case.pk]),
        {"title": "旧页面", "customer_name": "某地铁公司", "year": "2024", "version": "1"},
    )
    assert stale.status_code == 200 and "since you opened it" in stale.content.decode()


def test_the_list_reads_a_fixed_number_of_queries(client, rep, engineer, product, django_assert_max_num_queries):
    client.force_login(rep)
    for i in range(3):
        make_case(engineer, f"案例{i}", products=[product])
    client.get(reverse("cases:list"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("cases:list"))
    for i in range(30):
        make_case(engineer, f"更多案例{i}", products=[product])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("cases:list"))
    assert len(response.context["page"]) == 25


def test_an_editor_who_cannot_see_the_opportunity_keeps_it_and_never_sees_its_name(
    client, manager, other_engineer, opportunity
):
    from presales.opportunities.models import Opportunity

    Opportunity.objects.filter(pk=opportunity.pk).update(status="won", close_reason="中标")
    case = make_case(manager, opportunity=Opportunity.objects.get(pk=opportunity.pk))
    client.force_login(other_engineer)  # not on the opportunity's team
    form_page = client.get(reverse("cases:edit", args=[case.pk]))
    assert "opportunity" not in form_page.context["form"].fields
    assert opportunity.name not in form_page.content.decode()
    response = client.post(
        reverse("cases:edit", args=[case.pk]),
        {"title": "改名", "customer_name": "某省电力公司", "year": "2025", "version": str(case.version)},
    )
    case.refresh_from_db()
    assert response.status_code == 302 and case.title == "改名" and case.opportunity_id == opportunity.pk
