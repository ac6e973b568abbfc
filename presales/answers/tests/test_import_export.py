"""The library spreadsheet: import (headers by name in any order, all or nothing, a report by
row; an existing 编号 changes a draft or proposes a change to an approved entry) through the
page, the API and the command; export (what the user reads; text stays text)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from presales.answers.models import AnswerChange, AnswerEntry, AnswerStatus, Deviation
from presales.lib.excel import XLSX_CONTENT_TYPE
from presales.testing import xlsx_rows


def xlsx(headers: list[str], rows: list[list], name: str = "library.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)


def post(client, user, upload):
    client.force_login(user)
    return client.post(reverse("answers:import"), {"file": upload})


def test_headers_in_any_order_and_other_names(client, engineer, power, rectifier):
    upload = xlsx(
        ["标签", "应答", "产品", "偏离", "招标要求", "分类"],
        [
            ["效率、整流模块", "模块效率≥95%", "IMPS48/150", "正偏离", "整流模块效率不低于93%", "电源系统"],
            [None, "纹波系数≤0.2%", "", "", "纹波系数", "电源系统"],
        ],
    )
    response = post(client, engineer, upload)
    assert response.status_code == 302
    first, second = AnswerEntry.objects.order_by("code")
    assert first.deviation == Deviation.POSITIVE and first.status == AnswerStatus.DRAFT
    assert list(first.products.all()) == [rectifier]
    assert set(first.tags.values_list("name", flat=True)) == {"整流模块", "效率"}
    assert second.deviation == Deviation.NONE and second.category == power


def test_errors_by_row_and_nothing_imported(client, engineer, power):
    upload = xlsx(
        ["编号", "分类", "问题/要求", "标准应答", "偏离", "产品"],
        [
            ["YD-X-1", "电源系统", "效率", "≥95%", "", ""],
            ["YD-X-1", "电源系统", "效率", "≥95%", "", ""],
            ["", "没有的分类", "效率", "", "偏", "NOPE-1"],
            ["", "电源系统", "x" * 2001, "答", "", ""],
        ],
    )
    response = post(client, engineer, upload)
    assert response.status_code == 200
    rows = {}
    for row, message in response.context["report"].errors:
        rows.setdefault(row, []).append(message)
    assert sorted(rows) == [3, 4, 5]
    assert any("Same 编号 as row 2" in m for m in rows[3])
    assert len(rows[4]) == 4  # category, answer missing, deviation, product
    assert any("too long" in m for m in rows[5])
    assert not AnswerEntry.objects.exists()


def test_existing_code_changes_a_draft_and_proposes_for_an_approved(client, engineer, keeper, make_entry):
    draft = make_entry(code="YD-1")
    approved = make_entry(code="YD-2", approve_by=keeper)
    upload = xlsx(["编号", "标准应答"], [["YD-1", "新应答一"], ["YD-2", "新应答二"]])
    response = post(client, engineer, upload)
    assert response.status_code == 302, response.context["file_error"]
    draft.refresh_from_db()
    approved.refresh_from_db()
    assert draft.answer == "新应答一"
    assert approved.answer == "整流模块效率≥95%"
    assert AnswerChange.objects.get(entry=approved).data == {"answer": "新应答二"}


def test_missing_requirement_column_and_bad_file(client, engineer):
    response = post(client, engineer, xlsx(["分类", "标准应答"], [["电源系统", "x"]]))
    assert "问题/要求" in response.context["file_error"]
    response = post(client, engineer, SimpleUploadedFile("library.xlsx", b"not a workbook"))
    assert response.context["file_error"]


@pytest.mark.parametrize("persona", ["rep", "commercial", "nobody"])
def test_import_forbidden_to_readers(client, persona, request, db):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("answers:import")).status_code == 403


def test_api_import_and_report(client, engineer, power, rep):
    client.force_login(engineer)
    url = "/api/v1/answers/import/"
    good = xlsx(["问题", "标准应答", "分类"], [["屏柜颜色", "按招标人要求", "电源系统"]])
    response = client.post(url, {"file": good})
    assert response.status_code == 200, response.content
    assert len(response.json()["created"]) == 1
    bad = xlsx(["问题", "标准应答", "分类"], [["屏柜颜色", "", "电源系统"]])
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] == 2
    client.force_login(rep)
    assert client.post(url, {"file": good}).status_code == 403


def test_command_imports_and_refuses(tmp_path, admin_user, power):
    path = tmp_path / "library.xlsx"
    path.write_bytes(xlsx(["问题/要求", "标准应答", "分类"], [["质保期", "五年", "电源系统"]]).read())
    call_command("answers_import", str(path), "--user", admin_user.username)
    assert AnswerEntry.objects.get().requirement == "质保期"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx(["问题/要求", "标准应答", "分类"], [["质保期", "", "电源系统"]]).read())
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("answers_import", str(bad), "--user", admin_user.username)


def test_export_columns_text_as_text_and_visibility(client, make_entry, keeper, rep, rectifier):
    make_entry('=HYPERLINK("x")', "+1 答", approve_by=keeper, products=[rectifier], tags=["效率"])
    make_entry("草稿要求", "草稿")  # a draft: the rep does not see it
    client.force_login(rep)
    rows = xlsx_rows(client.get(reverse("answers:export")))
    assert list(rows[0]) == [
        "编号",
        "分类",
        "问题/要求",
        "标准应答",
        "偏离",
        "偏离说明",
        "产品",
        "标签",
        "状态",
        "下次复核",
    ]
    assert len(rows) == 2
    assert rows[1][2] == '=HYPERLINK("x")' and rows[1][3] == "+1 答"
    assert rows[1][6] == "IMPS48/150" and rows[1][7] == "效率"
