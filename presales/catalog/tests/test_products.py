from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from presales.catalog import services
from presales.catalog.models import Product, ProductDatasheet
from presales.lib.services import ServiceError

pytestmark = pytest.mark.django_db


def xlsx(headers, rows, name="products.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def read_xlsx(response):
    sheet = load_workbook(BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


HEADERS = ["型号", "名称", "分类", "单位", "目录价", "标准成本", "渠道价", "交货期(天)", "状态", "参数"]


# --- import ------------------------------------------------------------------
def test_import_with_errors_reports_rows_and_saves_nothing(client, commercial, products):
    client.force_login(commercial)
    upload = xlsx(
        HEADERS,
        [
            [
                "IMPS48/150",
                "通信电源",
                "电力市场产品/通信电源系统",
                "套",
                50000,
                30000,
                40000,
                30,
                "active",
                "voltage=48; current=150",
            ],
            ["BAD1", "坏行", "不存在的分类", "台", "abc", None, None, None, "active", None],
            ["IMPS48/150", "重复", "通信电源系统", "台", 1, None, None, None, "active", None],
            ["IMPS48/90", "参数错", "通信电源系统", "台", 100, None, None, None, "停产吗", "voltage=forty"],
            [
                "IMPS48/60",
                "单位太长",
                "通信电源系统",
                "套（含安装调试及培训服务）",
                100,
                None,
                None,
                None,
                "active",
                None,
            ],
        ],
    )
    response = client.post(reverse("catalog:import"), {"file": upload})
    assert response.status_code == 200
    report = response.context["report"]
    rows = {row for row, _message in report.errors}
    assert rows == {3, 4, 5, 6}
    messages = " ".join(m for _r, m in report.errors)
    assert "套（含安装调试及培训服务）" in messages  # too long a unit: refused, not a database error
    assert "不存在的分类" in messages and "abc" in messages and "forty" in messages and "停产吗" in messages
    assert 'data-testid="import-report"' in response.content.decode()
    assert not Product.objects.filter(model_code__startswith="IMPS48").exists()


def test_valid_import_creates_and_updates(client, commercial, products):
    client.force_login(commercial)
    upload = xlsx(
        HEADERS,
        [
            [
                "IMPS48/150",
                "通信电源",
                "电力市场产品/通信电源系统",
                "套",
                50000,
                30000.5,
                40000,
                30,
                "在产",
                "标称电压=48; current=150",
            ],
            ["ZHM05", "监控器 ZHM05", None, None, 5200, None, None, None, "discontinued", None],
        ],
    )
    response = client.post(reverse("catalog:import"), {"file": upload})
    assert response.status_code == 302, response.context["report"].errors
    created = Product.objects.get(model_code="IMPS48/150")
    assert created.unit == "套" and created.list_price == Decimal("50000.00")
    assert created.standard_cost == Decimal("30000.50") and created.lead_time_days == 30
    assert created.params == {"voltage": 48, "current": 150}
    assert created.history.first().history_user == commercial
    updated = Product.objects.get(model_code="ZHM05")
    assert updated.list_price == Decimal("5200.00") and updated.status == "discontinued"
    assert updated.standard_cost == Decimal("3100.00")  # an empty cell keeps the cost


def test_import_refused_for_rep(client, rep, products):
    client.force_login(rep)
    assert client.get(reverse("catalog:import")).status_code == 403
    with pytest.raises(Exception) as exc:
        services.products_import(user=rep, rows=[])
    assert type(exc.value).__name__ == "PermissionDenied"


def test_import_rejects_non_excel(client, commercial, db):
    client.force_login(commercial)
    response = client.post(reverse("catalog:import"), {"file": SimpleUploadedFile("x.csv", b"a,b")})
    assert response.context["file_error"]


def test_component_price_import(client, commercial, breakers):
    client.force_login(commercial)
    headers = ["型号", "品牌", "类别", "名称", "规格", "供应商", "单位", "价格", "生效日期", "来源"]
    bad = xlsx(
        headers,
        [
            ["ABB-3P 63A", "ABB", "交流断路器", "", "", "", "", 95, "2024-07-01", "询价"],
            ["X1", "不存在", "交流断路器", "", "1P", "", "", 10, "2024-07-01", ""],
            ["X2", "ABB", "交流断路器", "", "", "", "", "", "not a date", ""],
        ],
        "prices.xlsx",
    )
    response = client.post(reverse("catalog:component_import"), {"file": bad})
    assert {row for row, _m in response.context["report"].errors} == {3, 4}
    from presales.catalog.models import ComponentPrice

    assert not ComponentPrice.objects.filter(price=Decimal("95")).exists()
    good = xlsx(
        headers,
        [
            ["ABB-3P 63A", "ABB", "交流断路器", "", "", "华东电气", "", 95, "2024-07-01", "询价"],
            ["NEW-1", "施耐德", "交流断路器", "微断", "2P 32A", "", "个", 30, "2024-07-01", ""],
        ],
        "prices.xlsx",
    )
    response = client.post(reverse("catalog:component_import"), {"file": good})
    assert response.status_code == 302
    price = ComponentPrice.objects.get(price=Decimal("95"))
    assert price.component.supplier.name == "华东电气" and price.created_by == commercial
    assert ComponentPrice.objects.get(component__model="NEW-1").price == Decimal("30.00")


def test_component_price_import_takes_several_prices_of_one_new_component(client, commercial, breakers):
    """A new component's price history in one file: created on its first row, priced on each."""
    from presales.catalog.models import Component, ComponentPrice

    client.force_login(commercial)
    headers = ["型号", "品牌", "类别", "名称", "规格", "供应商", "单位", "价格", "生效日期", "来源"]
    history = xlsx(
        headers,
        [
            ["NEW-2", "施耐德", "交流断路器", "微断", "2P 40A", "", "个", 31, "2024-01-01", ""],
            ["NEW-2", "施耐德", "交流断路器", "", "", "", "", 33, "2024-07-01", ""],
        ],
        "prices.xlsx",
    )
    assert client.post(reverse("catalog:component_import"), {"file": history}).status_code == 302
    component = Component.objects.get(model="NEW-2")
    prices = ComponentPrice.objects.filter(component=component).order_by("effective_on")
    assert [p.price for p in prices] == [Decimal("31.00"), Decimal("33.00")]


# --- export and cost hiding -----------------------------------------------------
def test_export_has_no_cost_columns_for_rep(client, rep, products):
    client.force_login(rep)
    rows = read_xlsx(client.get(reverse("catalog:export")))
    assert "标准成本" not in rows[0] and "渠道价" not in rows[0]
    assert "目录价" in rows[0]
    flat = [str(v) for row in rows for v in row]
    assert "1800" not in " ".join(flat) and "1800.00" not in flat


def test_export_has_cost_columns_for_commercial(client, commercial, products):
    client.force_login(commercial)
    rows = read_xlsx(client.get(reverse("catalog:export")))
    assert "标准成本" in rows[0] and "渠道价" in rows[0]
    index = rows[0].index("标准成本")
    module = next(row for row in rows if row[0] == "ZHR4830")
    assert Decimal(str(module[index])) == Decimal("1800")


def test_component_export_hides_prices_from_rep(client, rep, commercial, breakers):
    client.force_login(rep)
    rows = read_xlsx(client.get(reverse("catalog:component_export")))
    assert "价格" not in rows[0] and len(rows) == 7
    client.force_login(commercial)
    rows = read_xlsx(client.get(reverse("catalog:component_export")))
    assert "价格" in rows[0]


def test_component_export_ignores_a_crafted_category(client, commercial, breakers):
    """A category id that is no id ("²" passes str.isdigit, not int(); 2^64 fits no key) is
    no filter: all components, never a server error."""
    client.force_login(commercial)
    everything = read_xlsx(client.get(reverse("catalog:component_export")))
    for crafted in ("²", str(2**64), "-1", "abc"):
        assert read_xlsx(client.get(reverse("catalog:component_export"), {"category": crafted})) == everything
    only = read_xlsx(client.get(reverse("catalog:component_export"), {"category": breakers["category"].pk}))
    assert only == everything  # the fixture's one category


def test_export_round_trips_through_import(client, commercial, products):
    client.force_login(commercial)
    response = client.get(reverse("catalog:export"))
    upload = SimpleUploadedFile("products.xlsx", response.content)
    response = client.post(reverse("catalog:import"), {"file": upload})
    assert response.status_code == 302
    assert Product.objects.get(model_code="ZHR4830").params == {"rating": "30"}


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("rep", False), ("engineer", False), ("finance", True), ("commercial", True), ("general_manager", True)],
)
def test_product_page_and_api_cost_hiding(client, products, persona, sees, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    module = products["module"]
    html = client.get(reverse("catalog:detail", args=[module.pk])).content.decode()
    assert ("standard-cost" in html) is sees
    assert ("1800.00" in html or "1,800.00" in html) is sees
    assert ("2500.00" in html or "2,500.00" in html) is sees
    listing = client.get(reverse("catalog:list")).content.decode()
    assert ("1,800.00" in listing or "1800.00" in listing) is sees
    api = APIClient()
    api.force_authenticate(user)
    data = api.get(f"/api/v1/products/{module.pk}/").json()
    assert data["model_code"] == "ZHR4830"
    assert ("standard_cost" in data) is sees and ("channel_price" in data) is sees
    listing = api.get("/api/v1/products/").json()
    items = listing["results"] if isinstance(listing, dict) else listing
    assert all(("standard_cost" in item) is sees for item in items)


def test_catalog_needs_a_role(client, nobody, products):
    client.force_login(nobody)
    assert client.get(reverse("catalog:list")).status_code == 403
    assert client.get(reverse("catalog:configurator")).status_code == 403
    api = APIClient()
    api.force_authenticate(nobody)
    listing = api.get("/api/v1/products/").json()
    items = listing["results"] if isinstance(listing, dict) else listing
    assert items == []


# --- editing -------------------------------------------------------------------
@pytest.mark.parametrize("persona", ["rep", "general_manager"])
def test_editing_refused_for_rep(client, persona, request, products, tree):
    """catalog.access.can_edit_catalog: commercial and admins only (the general manager sees
    cost but does not keep the catalog)."""
    rep = request.getfixturevalue(persona)
    client.force_login(rep)
    module = products["module"]
    assert client.get(reverse("catalog:create")).status_code == 403
    assert client.get(reverse("catalog:edit", args=[module.pk])).status_code == 403
    response = client.post(reverse("catalog:edit", args=[module.pk]), {"model_code": "HACK"})
    assert response.status_code == 403
    assert client.post(reverse("catalog:datasheet_upload", args=[module.pk])).status_code == 403
    module.refresh_from_db()
    assert module.model_code == "ZHR4830"
    with pytest.raises(Exception) as exc:
        services.product_update(user=rep, product=module, data={"name": "x"})
    assert type(exc.value).__name__ == "PermissionDenied"


def test_commercial_creates_and_edits_with_typed_params(client, commercial, tree):
    client.force_login(commercial)
    data = {
        "category": tree["telecom"].pk,
        "model_code": "IMPS48/60",
        "name": "通信电源",
        "unit": "套",
        "list_price": "30000",
        "status": "active",
        "params_text": "voltage=48\n额定输出电流=sixty",
    }
    response = client.post(reverse("catalog:create"), data)
    assert response.status_code == 200  # refused, input kept
    assert "sixty" in response.content.decode()
    assert not Product.objects.filter(model_code="IMPS48/60").exists()
    data["params_text"] = "voltage=48\n额定输出电流=60"
    response = client.post(reverse("catalog:create"), data)
    product = Product.objects.get(model_code="IMPS48/60")
    assert response.status_code == 302 and product.params == {"voltage": 48, "current": 60}
    data.update(name="通信电源系统", version=product.version)
    assert client.post(reverse("catalog:edit", args=[product.pk]), data).status_code == 302
    product.refresh_from_db()
    assert product.name == "通信电源系统" and product.version == 2
    # a second save based on the old version is refused
    response = client.post(reverse("catalog:edit", args=[product.pk]), {**data, "version": 1, "name": "旧"})
    assert response.status_code == 200
    product.refresh_from_db()
    assert product.name == "通信电源系统"


def test_duplicate_model_code_refused(commercial, products, tree):
    with pytest.raises(ServiceError) as exc:
        services.product_create(
            user=commercial, data={"category": tree["modules"], "model_code": "zhr4830", "name": "x", "list_price": 1}
        )
    assert "zhr4830" in exc.value.messages[0]


def test_datasheet_upload_and_checked_download(client, commercial, rep, nobody, products):
    client.force_login(commercial)
    module = products["module"]
    upload = SimpleUploadedFile("ZHR4830.pdf", b"%PDF-1.4 datasheet")
    assert client.post(reverse("catalog:datasheet_upload", args=[module.pk]), {"file": upload}).status_code == 302
    sheet = ProductDatasheet.objects.get(product=module)
    assert sheet.uploaded_by == commercial
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    client.post(reverse("catalog:datasheet_upload", args=[module.pk]), {"file": bad})
    assert ProductDatasheet.objects.count() == 1
    client.force_login(rep)
    response = client.get(reverse("catalog:datasheet_download", args=[sheet.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 datasheet"
    client.force_login(nobody)
    assert client.get(reverse("catalog:datasheet_download", args=[sheet.pk])).status_code == 404


# --- list: filters and query counts ----------------------------------------------
def test_list_filters_by_category_subtree(client, rep, products, tree):
    client.force_login(rep)
    response = client.get(reverse("catalog:list"), {"category": tree["root"].pk})
    codes = [p.model_code for p in response.context["page"]]
    assert codes == ["IMPS-CAB"]
    response = client.get(reverse("catalog:list"), {"q": "zhr"})
    assert {p.model_code for p in response.context["page"]} == {"ZHR4830", "ZHR4850"}


def test_list_and_detail_query_counts_are_fixed(client, finance, products, tree):
    client.force_login(finance)
    urls = [reverse("catalog:list"), reverse("catalog:detail", args=[products["module"].pk])]

    def measure():
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts.append(len(ctx))
        return counts

    few = measure()
    Product.objects.bulk_create(
        Product(
            model_code=f"P{i:04d}",
            name=f"产品{i}",
            category=tree["modules"],
            list_price=Decimal(i),
            standard_cost=Decimal(i),
        )
        for i in range(120)
    )
    module = products["module"]
    for i in range(5):
        ProductDatasheet.objects.create(product=module, file=SimpleUploadedFile(f"d{i}.pdf", b"x"))
    assert measure() == few
    assert few[0] <= 13 and few[1] <= 16


def test_datasheet_upload_and_delete_leave_an_audit_row(commercial, products, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    module = products["module"]
    sheet = services.datasheet_add(
        user=commercial, product=module, file=SimpleUploadedFile("spec.pdf", b"%PDF-1.4"), title="规格书"
    )
    services.datasheet_delete(user=commercial, datasheet=sheet)
    reasons = list(module.history.order_by("history_id").values_list("history_change_reason", "history_user"))
    added, deleted = (_("Datasheet added: %(name)s"), _("Datasheet deleted: %(name)s"))
    expected = [(added % {"name": "规格书"}, commercial.pk), (deleted % {"name": "规格书"}, commercial.pk)]
    assert reasons[-2:] == expected
