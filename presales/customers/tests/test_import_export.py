"""Customer import (all or nothing, a row-by-row error report) and export (only what the user
may see) through the pages, with workbooks built in memory."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from presales.customers.models import Customer, CustomerSize, CustomerSource, CustomerStatus, Industry
from presales.customers.spreadsheet import IMPORT_COLUMNS, parse_import
from presales.lib.excel import XLSX_CONTENT_TYPE
from presales.testing import make_customer, make_opportunity, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADERS = list(IMPORT_COLUMNS)  # 客户名称、简称、行业 …


def xlsx(rows: list[dict], headers: list[str] = HEADERS, name: str = "customers.xlsx") -> SimpleUploadedFile:
    """A workbook with `headers` in row 1 and one row per dict ({header: value})."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)


@override_settings(LANGUAGE_CODE="en")  # logged in: the organisation's language
def post_import(client, user, upload):
    client.force_login(user)
    return client.post(reverse("customers:import"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")


def errors_by_row(response) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for row, message in response.context["report"].errors:
        grouped.setdefault(row, []).append(message)
    return grouped


def zh_label(choice) -> str:
    with translation.override("zh-hans"):
        return str(choice.label)


def en_label(choice) -> str:
    with translation.override("en"):
        return str(choice.label)


# --- a good file ------------------------------------------------------------------------------


def test_good_file_creates_every_row_owned_by_the_importer(client, rep):
    upload = xlsx(
        [
            {"客户名称": "杭州市公安局", "简称": "杭州公安", "行业": "public_security", "区域": "浙江省杭州市"},
            {"客户名称": "国网浙江省电力公司", "行业": "power_grid", "规模": "group", "来源": "visit", "状态": "key"},
            {"客户名称": "浙江大学", "行业": "education", "地址": "杭州市西湖区", "备注": "重点高校"},
        ]
    )
    response = post_import(client, rep, upload)

    assert response.status_code == 302
    assert response["Location"] == reverse("customers:list")
    customers = {c.name: c for c in Customer.objects.all()}
    assert set(customers) == {"杭州市公安局", "国网浙江省电力公司", "浙江大学"}
    assert {c.owner for c in customers.values()} == {rep}
    grid = customers["国网浙江省电力公司"]
    assert (grid.industry, grid.size, grid.source, grid.status) == ("power_grid", "group", "visit", "key")
    assert customers["杭州市公安局"].short_name == "杭州公安"
    assert customers["杭州市公安局"].region == "浙江省杭州市"
    assert customers["杭州市公安局"].status == CustomerStatus.POTENTIAL  # empty status → default
    assert customers["浙江大学"].notes == "重点高校"
    assert all(c.history.get().history_user == rep for c in customers.values())


def test_blank_rows_are_ignored(client, rep):
    upload = xlsx(
        [{"客户名称": "杭州市公安局", "行业": "public_security"}, {}, {"客户名称": "浙江大学", "行业": "education"}]
    )
    response = post_import(client, rep, upload)
    assert response.status_code == 302
    assert Customer.objects.count() == 2


@pytest.mark.parametrize("labeller", [lambda c: c.value, en_label, zh_label, lambda c: en_label(c).upper()])
def test_choices_accept_codes_and_labels_in_either_language(client, rep, labeller):
    upload = xlsx(
        [
            {
                "客户名称": "国网浙江省电力公司",
                "行业": labeller(Industry.POWER_GRID),
                "规模": labeller(CustomerSize.GROUP),
                "来源": labeller(CustomerSource.TENDER_NOTICE),
                "状态": labeller(CustomerStatus.KEY),
            }
        ]
    )
    response = post_import(client, rep, upload)
    assert response.status_code == 302, response.context["report"].errors
    customer = Customer.objects.get()
    assert (customer.industry, customer.size, customer.source, customer.status) == (
        "power_grid",
        "group",
        "tender_notice",
        "key",
    )


def test_headers_in_another_order_are_read_by_name(client, rep):
    headers = ["行业", "备注", "客户名称"]
    upload = xlsx([{"客户名称": "浙江大学", "行业": "education", "备注": "列顺序不同"}], headers=headers)
    assert post_import(client, rep, upload).status_code == 302
    customer = Customer.objects.get()
    assert (customer.name, customer.industry, customer.notes) == ("浙江大学", "education", "列顺序不同")


def test_manager_imports_customers_for_named_owners(client, manager, rep, other_rep):
    upload = xlsx(
        [
            {"客户名称": "杭州市公安局", "行业": "public_security", "负责人": "rep"},
            {"客户名称": "浙江大学", "行业": "education", "负责人": "李销售"},  # by full name
        ]
    )
    assert post_import(client, manager, upload).status_code == 302
    owners = dict(Customer.objects.values_list("name", "owner__username"))
    assert owners == {"杭州市公安局": "rep", "浙江大学": "other_rep"}


# --- a file with errors: nothing is imported ----------------------------------------------------


def test_file_with_errors_imports_nothing_and_lists_each_error_by_row(client, rep, other_rep):
    make_customer(other_rep, "宁波市公安局")
    upload = xlsx(
        [
            {"客户名称": "杭州市公安局", "行业": "public_security"},  # row 2: fine
            {"客户名称": "", "简称": "无名", "行业": "education"},  # row 3: no name
            {"客户名称": "浙江大学", "行业": "education"},  # row 4: fine
            {"客户名称": "某科技公司", "行业": "卖菜的"},  # row 5: unknown industry
            {"客户名称": "宁波市公安局 ", "行业": "public_security"},  # row 6: exists (other_rep's)
            {"客户名称": "杭州市 公安局", "行业": "public_security"},  # row 7: same as row 2
        ]
    )
    response = post_import(client, rep, upload)

    assert response.status_code == 200
    assert not Customer.objects.exclude(name="宁波市公安局").exists()
    errors = errors_by_row(response)
    assert set(errors) == {3, 5, 6, 7}
    assert len(errors[3]) == 1, "one message for one missing name"
    assert "客户名称" in errors[3][0]
    assert "卖菜的" in errors[5][0] and "行业" in errors[5][0]
    assert "宁波市公安局" in errors[6][0] and "李销售" in errors[6][0]
    assert "2" in errors[7][0]

    html = response.content.decode()
    report = html[html.index('data-testid="import-report"') :]
    for row in (3, 5, 6, 7):
        assert f"<td>{row}</td>" in report
    for row in (2, 4):
        assert f"<td>{row}</td>" not in report
    assert "卖菜的" in report and "李销售" in report


def test_unknown_choice_in_other_columns_is_reported(client, rep):
    upload = xlsx([{"客户名称": "浙江大学", "行业": "education", "规模": "巨大", "来源": "天上掉的", "状态": "?"}])
    response = post_import(client, rep, upload)
    assert response.status_code == 200
    messages = errors_by_row(response)[2]
    assert len(messages) == 3
    assert any("巨大" in m for m in messages)
    assert any("天上掉的" in m for m in messages)
    assert not Customer.objects.exists()


def test_missing_industry_is_reported(client, rep):
    response = post_import(client, rep, xlsx([{"客户名称": "浙江大学"}]))
    assert response.status_code == 200
    assert any("行业" in m for m in errors_by_row(response)[2])
    assert not Customer.objects.exists()


def test_unknown_owner_is_reported(client, manager):
    response = post_import(client, manager, xlsx([{"客户名称": "浙江大学", "行业": "education", "负责人": "ghost"}]))
    assert response.status_code == 200
    assert any("ghost" in m for m in errors_by_row(response)[2])
    assert not Customer.objects.exists()


def test_rep_cannot_import_customers_owned_by_someone_else(client, rep, other_rep):
    upload = xlsx(
        [
            {"客户名称": "杭州市公安局", "行业": "public_security", "负责人": "rep"},  # himself: fine
            {"客户名称": "浙江大学", "行业": "education", "负责人": "other_rep"},
        ]
    )
    response = post_import(client, rep, upload)
    assert response.status_code == 200
    assert set(errors_by_row(response)) == {3}
    assert not Customer.objects.exists()


# --- files that cannot be read ------------------------------------------------------------------


def test_non_xlsx_file_gets_a_clear_message(client, rep):
    upload = SimpleUploadedFile("customers.csv", "客户名称,行业\n浙江大学,education\n".encode(), "text/csv")
    response = post_import(client, rep, upload)
    assert response.status_code == 200
    assert ".xlsx" in response.context["file_error"]
    assert 'data-testid="import-error"' in response.content.decode()
    assert response.context["report"] is None
    assert not Customer.objects.exists()


def test_corrupted_xlsx_gets_a_clear_message(client, rep):
    upload = SimpleUploadedFile("customers.xlsx", b"PK\x03\x04 this is not really a workbook", XLSX_CONTENT_TYPE)
    response = post_import(client, rep, upload)
    assert response.status_code == 200
    assert "damaged" in response.context["file_error"]
    assert 'data-testid="import-error"' in response.content.decode()
    assert not Customer.objects.exists()


def test_file_without_the_name_column_gets_a_clear_message(client, rep):
    upload = xlsx([{"简称": "浙大", "行业": "education"}], headers=["简称", "行业"])
    response = post_import(client, rep, upload)
    assert response.status_code == 200
    assert "客户名称" in response.context["file_error"]
    assert not Customer.objects.exists()


def test_empty_workbook_gets_a_clear_message(client, rep):
    buffer = BytesIO()
    workbook = Workbook()
    workbook.save(buffer)
    response = post_import(client, rep, SimpleUploadedFile("empty.xlsx", buffer.getvalue(), XLSX_CONTENT_TYPE))
    assert response.status_code == 200
    assert response.context["file_error"]
    assert not Customer.objects.exists()


def test_post_without_a_file_shows_the_form_error(client, rep):
    client.force_login(rep)
    response = client.post(reverse("customers:import"), {"file": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Customer.objects.exists()


# --- who may import -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["finance", "engineer", "service_mgmt", "general_manager", "nobody"])
def test_import_forbidden_without_the_right(client, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(reverse("customers:import")).status_code == 403
    upload = xlsx([{"客户名称": "浙江大学", "行业": "education"}])
    assert client.post(reverse("customers:import"), {"file": upload}).status_code == 403
    assert not Customer.objects.exists()


@pytest.mark.parametrize("persona", ["rep", "commercial", "manager"])
def test_import_page_opens_for_those_who_may_import(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("customers:import")).status_code == 200


def test_import_template_has_the_import_columns(client, rep):
    client.force_login(rep)
    response = client.get(reverse("customers:import_template"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(xlsx_bytes(response))).active
    assert [c.value for c in sheet[1]] == HEADERS


# --- export -------------------------------------------------------------------------------------


@pytest.fixture
def book(rep, other_rep, engineer):
    """rep owns 杭州市公安局; other_rep owns 宁波市公安局 and 温州市公安局, and has rep on the
    team of an opportunity at 温州市公安局 (so rep sees that one too)."""
    make_customer(rep, "杭州市公安局", short_name="杭州公安", region="浙江省杭州市", size="large", source="visit")
    make_customer(other_rep, "宁波市公安局", status="key", notes="第二行\n备注")
    wenzhou = make_customer(other_rep, "温州市公安局", industry="government", address="温州市鹿城区")
    make_opportunity(other_rep, wenzhou, presales_lead=engineer, team=[rep])


def exported(client, user, query: str = "") -> list[list]:
    client.force_login(user)
    response = client.get(reverse("customers:export") + query)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(xlsx_bytes(response))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADERS
    return rows[1:]


@pytest.mark.parametrize(
    ("persona", "names"),
    [
        ("rep", {"杭州市公安局", "温州市公安局"}),
        ("other_rep", {"宁波市公安局", "温州市公安局"}),
        ("engineer", {"温州市公安局"}),
        ("other_engineer", set()),
        ("manager", {"杭州市公安局", "宁波市公安局", "温州市公安局"}),
        ("finance", {"杭州市公安局", "宁波市公安局", "温州市公安局"}),
        ("nobody", set()),
    ],
)
def test_export_holds_exactly_the_visible_customers(client, book, persona, names, request):
    rows = exported(client, request.getfixturevalue(persona))
    assert sorted(r[0] for r in rows) == sorted(names)


def test_export_follows_the_list_filters(client, book, manager):
    rows = exported(client, manager, "?status=key")
    assert [r[0] for r in rows] == ["宁波市公安局"]
    rows = exported(client, manager, "?q=温州")
    assert [r[0] for r in rows] == ["温州市公安局"]


def test_export_of_a_rep_with_a_filter_stays_within_his_customers(client, book, rep):
    rows = exported(client, rep, "?q=公安局")
    assert sorted(r[0] for r in rows) == ["杭州市公安局", "温州市公安局"]


def test_export_round_trips_through_the_import_parser(client, book, manager):
    client.force_login(manager)
    content = xlsx_bytes(client.get(reverse("customers:export")))
    parsed = parse_import(SimpleUploadedFile("customers.xlsx", content, XLSX_CONTENT_TYPE))

    assert len(parsed) == Customer.objects.count() == 3
    fields = ["name", "short_name", "industry", "region", "size", "source", "status", "address", "notes"]
    for _row, data in parsed:
        assert data["_errors"] == []
        customer = Customer.objects.get(name=data["name"])
        assert {f: data[f] for f in fields} == {f: getattr(customer, f) for f in fields}
        assert data["owner"] == customer.owner


def test_exported_file_imports_into_an_empty_book(client, book, manager):
    """Export, remove the customers, import the same file: the same customers come back."""
    from presales.opportunities.models import Opportunity

    client.force_login(manager)
    content = xlsx_bytes(client.get(reverse("customers:export")))
    fields = ["name", "short_name", "industry", "region", "size", "source", "status", "owner_id", "address", "notes"]
    before = sorted(Customer.objects.values_list(*fields))
    Opportunity.objects.all().delete()
    Customer.objects.all().delete()

    response = client.post(
        reverse("customers:import"), {"file": SimpleUploadedFile("customers.xlsx", content, XLSX_CONTENT_TYPE)}
    )
    assert response.status_code == 302
    assert sorted(Customer.objects.values_list(*fields)) == before
