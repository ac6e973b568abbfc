"""The deviation table pages: the table with its filters in a fixed number of queries, the
in-place answer keeping what was typed, the card on the tender page, the exports."""

from __future__ import annotations

import io

from presales.responses import services
from presales.responses.models import Clause, ClauseStatus
from presales.responses.tests.conftest import CLAUSES, clause, spec_docx, template_xlsx
from presales.testing import browser, upload, xlsx_rows


def test_the_table_shows_star_open_clauses_first_and_reasons(specification, engineer):
    page = browser(engineer).get(f"/responses/{specification.pk}/")
    assert page.status_code == 200
    rows = list(page.context["page"])
    assert [r.star for r in rows[:3]] == [True, True, True]
    text = page.content.decode()
    assert "Why" in text and "Confidence" in text


def test_the_table_runs_a_fixed_number_of_queries(tender, library, engineer, django_assert_max_num_queries):
    many = [(f"5.2.{n}", text) for n in range(1, 40) for _number, text in CLAUSES[n % 5 : n % 5 + 1]]
    specification = services.spec_upload(
        user=engineer, tender=tender, file=upload("大表.docx", content=spec_docx(many))
    )
    client = browser(engineer)
    client.get(f"/responses/{specification.pk}/")  # warm the per-request caches of the first read
    with django_assert_max_num_queries(25):
        assert client.get(f"/responses/{specification.pk}/").status_code == 200


def test_filters(specification, engineer):
    client = browser(engineer)
    page = client.get(f"/responses/{specification.pk}/", {"status": "to_confirm"})
    assert {r.status for r in page.context["page"]} == {ClauseStatus.TO_CONFIRM}
    page = client.get(f"/responses/{specification.pk}/", {"star": "on"})
    assert all(r.star for r in page.context["page"])
    assert client.get(f"/responses/{specification.pk}/", {"assignee": "abc", "status": "x"}).status_code == 200


def test_accept_in_place_answers_the_row(specification, engineer):
    row = clause(specification, "5.1.1")
    page = browser(engineer).post(
        f"/responses/clauses/{row.pk}/accept/", {"version": row.version, "choice": "0"}, HTTP_HX_REQUEST="true"
    )
    assert page.status_code == 200 and 'data-testid="clause-row"' in page.content.decode()
    row.refresh_from_db()
    assert row.status == ClauseStatus.ANSWERED


def test_a_refused_answer_keeps_what_was_typed(specification, engineer):
    row = clause(specification, "5.1.5")
    prefix = f"c{row.pk}"
    page = browser(engineer).post(
        f"/responses/clauses/{row.pk}/answer/",
        {
            f"{prefix}-response": "不设常驻机构，远程支持。",
            f"{prefix}-deviation": "negative",
            f"{prefix}-version": row.version,
        },
        HTTP_HX_REQUEST="true",
    )
    text = page.content.decode()
    assert page.status_code == 200 and "不设常驻机构，远程支持。" in text and "deviation note" in text
    row.refresh_from_db()
    assert row.status == ClauseStatus.TO_CONFIRM


def test_merge_split_and_assign_pages(specification, engineer, rep):
    client = browser(engineer)
    first, second = clause(specification, "5.1.1"), clause(specification, "5.1.2")
    assert client.post(f"/responses/{specification.pk}/merge/", {"clauses": [first.pk, second.pk]}).status_code == 302
    assert not Clause.objects.filter(pk=second.pk).exists()
    first.refresh_from_db()
    page = client.post(f"/responses/clauses/{first.pk}/split/", {"parts": first.text, "version": first.version})
    assert page.status_code == 302
    client.post(f"/responses/{specification.pk}/assign/", {"clauses": [first.pk], "assignee": rep.pk})
    first.refresh_from_db()
    assert first.assigned_to == rep
    assert (
        client.post(f"/responses/{specification.pk}/assign/", {"clauses": ["x", "99999999999999999999"]}).status_code
        == 302
    )


def test_upload_page(tender, library, engineer):
    client = browser(engineer)
    assert client.get(f"/responses/tender/{tender.pk}/upload/").status_code == 200
    page = client.post(f"/responses/tender/{tender.pk}/upload/", {"file": upload("规范书.docx", content=spec_docx())})
    assert page.status_code == 302
    refused = client.post(f"/responses/tender/{tender.pk}/upload/", {"file": upload("规范书.pdf")})
    assert refused.status_code == 200 and refused.context["form"].errors


def test_the_excel_export_has_the_columns_of_a_deviation_table(specification, engineer):
    response = browser(engineer, language="zh-hans").get(f"/responses/{specification.pk}/export.xlsx")
    rows = xlsx_rows(response)
    assert len(rows) == 1 + specification.clauses.count()
    first = next(r for r in rows[1:] if r[1] == "5.1.1")
    assert first[3] and first[4] == "正偏离" and first[6] == clause(specification, "5.1.1").entry.code
    office = next(r for r in rows[1:] if r[1] == "5.1.5")
    assert office[4] == "需人工确认"


def test_user_text_is_written_as_text_not_a_formula(specification, engineer):
    row = clause(specification, "5.1.5")
    services.clause_answer(user=engineer, clause=row, response='=HYPERLINK("x")', deviation="none")
    from openpyxl import load_workbook

    content = browser(engineer).get(f"/responses/{specification.pk}/export.xlsx").content
    sheet = load_workbook(io.BytesIO(content)).active
    cell = next(c for c in sheet["D"] if c.value == '=HYPERLINK("x")')
    assert cell.data_type == "s"


def test_write_back_into_the_buyers_table(tender, library, engineer):
    from openpyxl import load_workbook

    specification = services.spec_upload(
        user=engineer, tender=tender, file=upload("技术偏差表.xlsx", content=template_xlsx())
    )
    response = browser(engineer).get(f"/responses/{specification.pk}/write-back/")
    assert response.status_code == 200
    workbook = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    assert workbook.sheetnames == ["技术偏差表", "填表说明"]
    sheet = workbook["技术偏差表"]
    assert "A1:E1" in {str(r) for r in sheet.merged_cells.ranges}
    deviations = [sheet.cell(row=r, column=4).value for r in range(3, 7)]
    assert "正偏离" in deviations and "负偏离" in deviations


def test_write_back_of_a_plain_specification_is_refused(specification, engineer):
    response = browser(engineer).get(f"/responses/{specification.pk}/write-back/")
    assert response.status_code == 302


def test_technical_bid_is_generated_and_recorded(specification, engineer, opportunity):
    from docx import Document

    from presales.opportunities.models import Deliverable

    response = browser(engineer).post(f"/responses/{specification.pk}/technical-bid/")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert "整流模块效率" in text
    recorded = Deliverable.objects.filter(opportunity=opportunity, deliverable_type__fulfilled_by="technical_bid")
    assert recorded.exists()


def test_the_tender_page_card(specification, engineer):
    from presales.lib.sections import sections_for

    shown = sections_for("tender", specification.tender, engineer)
    card = next(s for s in shown if s.key == "responses")
    assert card.context["specifications"][0].total == specification.clauses.count()


def test_the_tender_page_card_is_hidden_from_outsiders(specification, other_rep):
    from presales.lib.sections import sections_for

    assert not [s for s in sections_for("tender", specification.tender, other_rep) if s.key == "responses"]


def _published(admin_user, folder_name, title, text, products=()):
    from presales.knowledge import services as library
    from presales.knowledge.models import Folder

    folder = Folder.objects.filter(name=folder_name).first()
    document = library.document_create(
        user=admin_user,
        folder=folder,
        data={"title": title},
        file=upload(f"{title}.txt", content=text.encode()),
        products=products,
    )
    return library.document_publish(document=document, user=admin_user)


def test_the_technical_bid_sections_are_chosen_from_the_library(specification, engineer, admin_user, products):
    from docx import Document

    from presales.knowledge.models import Folder

    cabinet = products["cabinet"]
    services.spec_set_products(user=engineer, specification=specification, products=[cabinet])
    folders = list(Folder.objects.order_by("pk").values_list("name", flat=True)[:2])
    linked = _published(admin_user, folders[0], "直流屏产品说明", "直流屏采用模块化设计。", products=[cabinet])
    profile = _published(admin_user, folders[1], "公司简介", "公司成立于2003年，专注电力电源。")
    client = browser(engineer)
    page = client.get(f"/responses/{specification.pk}/technical-bid/").content.decode()
    assert f'value="{linked.pk}" id="doc-{linked.pk}" checked' in page
    assert f'value="{profile.pk}" id="doc-{profile.pk}">' in page  # offered, not ticked

    response = client.post(
        f"/responses/{specification.pk}/technical-bid/",
        {"choose": "1", "documents": [str(profile.pk), str(linked.pk), "x", "99999999999999999999"]},
    )
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert text.index("公司成立于2003年") < text.index("直流屏采用模块化设计")  # in the order chosen
    # Nothing chosen: no library section; the table page's button keeps the linked ones.
    bare = client.post(f"/responses/{specification.pk}/technical-bid/", {"choose": "1"})
    assert "直流屏采用模块化设计" not in "\n".join(p.text for p in Document(io.BytesIO(bare.content)).paragraphs)
    default = client.post(f"/responses/{specification.pk}/technical-bid/")
    default_text = "\n".join(p.text for p in Document(io.BytesIO(default.content)).paragraphs)
    assert "直流屏采用模块化设计" in default_text and "公司成立于2003年" not in default_text


def test_the_technical_bid_picker_is_for_the_bid_team(specification, other_rep):
    assert browser(other_rep).get(f"/responses/{specification.pk}/technical-bid/").status_code == 404
