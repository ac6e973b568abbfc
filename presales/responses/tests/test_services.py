"""The deviation-table services: upload and auto-fill, answering, product gaps, merge and
split, assignment, and the tender's submission check."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from presales.lib.services import ServiceError
from presales.responses import services
from presales.responses.models import ClauseStatus, Deviation, GapStatus, ProductGap, SpecKind
from presales.responses.selectors import progress, unanswered_star_clauses
from presales.responses.tests.conftest import CLAUSES, clause, spec_docx, spec_upload, template_xlsx
from presales.testing import upload


def test_upload_extracts_the_clauses_in_document_order(specification):
    numbers = list(specification.clauses.order_by("order").values_list("number", flat=True))
    assert numbers[: len(CLAUSES)] == [number for number, _text in CLAUSES]
    assert specification.kind == SpecKind.SPECIFICATION
    first = clause(specification, "5.1.1")
    assert first.star and not first.triangle
    assert clause(specification, "5.1.3").triangle
    assert first.locator  # where it stands in the file


def test_autofill_matches_and_computes_the_deviation(specification, library):
    efficiency = clause(specification, "5.1.1")
    assert efficiency.entry_id == library[0].pk
    assert efficiency.deviation == Deviation.POSITIVE  # ≥95% offered where ≥93% is asked
    assert efficiency.confidence is not None and efficiency.reasons
    assert efficiency.status == ClauseStatus.OPEN  # proposed, not yet accepted by a person
    infrared = clause(specification, "5.1.3")
    assert infrared.deviation == Deviation.NEGATIVE  # 50 m where ≥80 m is asked


def test_autofill_leaves_each_clause_a_history_row(specification, engineer):
    efficiency = clause(specification, "5.1.1")
    filled = efficiency.history.order_by("-history_date", "-history_id").first()
    assert filled.history_type == "~" and filled.history_user == engineer
    assert filled.entry_id == efficiency.entry_id and filled.deviation == Deviation.POSITIVE


def test_a_clause_without_an_answer_is_to_confirm_never_no_deviation(specification):
    office = clause(specification, "5.1.5")
    assert office.status == ClauseStatus.TO_CONFIRM
    assert office.deviation == Deviation.TO_CONFIRM
    assert office.entry_id is None
    assert not specification.clauses.filter(entry__isnull=True, deviation=Deviation.NONE).exists()


def test_every_negative_deviation_is_a_product_gap(specification, opportunity):
    gap = ProductGap.objects.get(clause=clause(specification, "5.1.3"))
    assert gap.opportunity == opportunity and gap.status == GapStatus.OPEN
    assert gap.deal_amount == opportunity.expected_amount


def test_the_gap_is_resolved_when_the_answer_stops_being_negative(specification, engineer):
    infrared = clause(specification, "5.1.3")
    services.clause_answer(
        user=engineer,
        clause=infrared,
        response="选用红外照射距离100m的型号。",
        deviation=Deviation.POSITIVE,
        version=infrared.version,
    )
    assert ProductGap.objects.get(clause=infrared).status == GapStatus.RESOLVED


def test_accept_marks_answered_counts_the_use_and_keeps_the_wording(specification, engineer, library):
    from presales.answers.models import AnswerEntry

    efficiency = clause(specification, "5.1.1")
    services.clause_accept(user=engineer, clause=efficiency, version=efficiency.version)
    efficiency.refresh_from_db()
    assert efficiency.status == ClauseStatus.ANSWERED
    assert efficiency.answered_by == engineer
    assert AnswerEntry.objects.get(pk=library[0].pk).usage_count == 1


def test_accept_without_a_suggestion_is_refused(specification, engineer):
    office = clause(specification, "5.1.5")
    with pytest.raises(ServiceError):
        services.clause_accept(user=engineer, clause=office, version=office.version)


def test_no_deviation_needs_an_answer_and_a_negative_one_a_note(specification, engineer):
    office = clause(specification, "5.1.5")
    with pytest.raises(ServiceError, match="Write the response"):
        services.clause_answer(user=engineer, clause=office, response="", deviation=Deviation.NONE)
    with pytest.raises(ServiceError, match="deviation note"):
        services.clause_answer(user=engineer, clause=office, response="不设常驻机构。", deviation=Deviation.NEGATIVE)


def test_a_written_answer_can_be_saved_to_the_library_as_a_draft(specification, engineer):
    from presales.answers.models import AnswerEntry, AnswerStatus

    office = clause(specification, "5.1.5")
    services.clause_answer(
        user=engineer,
        clause=office,
        response="我公司在项目所在地设有服务中心，常驻工程师三名。",
        deviation=Deviation.NONE,
        save_to_library=True,
    )
    office.refresh_from_db()
    entry = AnswerEntry.objects.get(pk=office.entry_id)
    assert entry.status == AnswerStatus.DRAFT
    assert "常驻工程师" in entry.answer


def test_progress_and_the_submission_check_name_the_open_star_clauses(specification, tender, engineer):
    assert unanswered_star_clauses(tender) == ["★ clauses unanswered: 5.1.1、5.1.4、5.1.5"]
    for number in ("5.1.1", "5.1.4"):
        row = clause(specification, number)
        services.clause_accept(user=engineer, clause=row, version=row.version)
    office = clause(specification, "5.1.5")
    services.clause_answer(user=engineer, clause=office, response="常驻工程师三名。", deviation=Deviation.NONE)
    assert unanswered_star_clauses(tender) == []
    counts = progress(specification.clauses.all())
    assert (counts.answered, counts.star_open) == (3, 0)


def test_the_check_is_registered_with_the_tenders(tender):
    from presales.responses.selectors import unanswered_star_clauses as check
    from presales.tenders.checks import registered_checks

    assert check in registered_checks()


def test_merge_and_split(specification, engineer):
    first, second = clause(specification, "5.1.1"), clause(specification, "5.1.2")
    count = specification.clauses.count()
    merged = services.clause_merge(user=engineer, clauses=[second, first])
    assert merged.pk == first.pk and "稳压精度" in merged.text and merged.star
    assert specification.clauses.count() == count - 1
    parts = services.clause_split(user=engineer, clause=merged, parts=merged.text.splitlines(), version=merged.version)
    assert len(parts) == 2 and parts[1].number == "5.1.1-2"
    orders = list(specification.clauses.order_by("order").values_list("order", flat=True))
    assert orders == sorted(set(orders))  # still one place per clause


def test_assign_only_to_the_bid_team(specification, engineer, other_engineer, rep):
    rows = list(specification.clauses.all()[:2])
    assert services.clauses_assign(user=engineer, specification=specification, clauses=rows, assignee=rep) == 2
    with pytest.raises(ServiceError):
        services.clauses_assign(user=engineer, specification=specification, clauses=rows, assignee=other_engineer)


def test_the_assignee_is_told_which_clauses_to_answer(specification, engineer, rep):
    from presales.notifications.models import Notification

    rows = list(specification.clauses.all()[:3])
    services.clauses_assign(user=engineer, specification=specification, clauses=rows, assignee=rep)
    note = Notification.objects.get(recipient=rep, kind="clauses_assigned")
    assert note.actor == engineer and note.subject.endswith("(3)") and specification.tender.number in note.subject
    assert note.url == f"/responses/{specification.pk}/?assignee={rep.pk}"
    # Taking clauses oneself or giving them to nobody tells nobody.
    services.clauses_assign(user=engineer, specification=specification, clauses=rows, assignee=engineer)
    services.clauses_assign(user=engineer, specification=specification, clauses=rows, assignee=None)
    assert Notification.objects.filter(kind="clauses_assigned").count() == 1


def test_the_guaranteed_value_comes_from_the_named_product(tender, library, engineer, products):
    content = spec_docx(CLAUSES[:1], table_rows=[("1", "标称电压", "≥48V")])
    cabinet = products["cabinet"]  # params voltage = 48, a parameter 标称电压 (V) of its category
    specification = services.spec_upload(
        user=engineer, tender=tender, file=upload("参数表.docx", content=content), products=[cabinet]
    )
    row = specification.clauses.get(parameter="标称电压")
    assert row.guarantee == "48V"
    assert row.deviation == Deviation.NONE  # 48 V offered, ≥48 V asked: just meets it


def test_a_buyers_response_table_is_recognised(tender, library, engineer):
    specification = services.spec_upload(
        user=engineer, tender=tender, file=upload("技术偏差表.xlsx", content=template_xlsx())
    )
    assert specification.kind == SpecKind.TEMPLATE
    assert specification.clauses.count() == 4


def test_upload_refuses_other_files_and_outsiders(tender, engineer, other_rep, library):
    with pytest.raises(ServiceError):
        services.spec_upload(user=engineer, tender=tender, file=upload("说明.pdf"))
    with pytest.raises(ServiceError):
        services.spec_upload(user=engineer, tender=tender, file=upload("空白.docx", text="本文件无条款"))
    with pytest.raises(PermissionDenied):
        services.spec_upload(user=other_rep, tender=tender, file=spec_upload())


def test_autofill_again_keeps_answered_clauses(specification, engineer):
    office = clause(specification, "5.1.5")
    services.clause_answer(user=engineer, clause=office, response="常驻工程师三名。", deviation=Deviation.NONE)
    services.spec_autofill(user=engineer, specification=specification)
    office.refresh_from_db()
    assert office.status == ClauseStatus.ANSWERED and office.response == "常驻工程师三名。"


def test_events_are_on_the_opportunity(specification, opportunity):
    from presales.events.models import Event

    kinds = set(Event.objects.filter(opportunity=opportunity).values_list("kind", flat=True))
    assert {"responses.spec_uploaded", "responses.autofilled"} <= kinds


def test_an_accepted_match_makes_the_same_clause_match_better_next_time(tender, library, engineer):
    from presales.answers.matching import CONFIDENT

    paraphrase = [("6.2.1", "★开关电源整流单元在满负荷运行时的电能转换效率须达到93%及以上，投标人应予以书面保证。")]
    first = services.spec_upload(user=engineer, tender=tender, file=upload("一期.docx", content=spec_docx(paraphrase)))
    before = first.clauses.get()
    assert before.suggestions and before.suggestions[0]["entry_id"] == library[0].pk
    assert before.confidence < 1
    services.clause_accept(user=engineer, clause=before, version=before.version)
    again = services.spec_upload(user=engineer, tender=tender, file=upload("二期.docx", content=spec_docx(paraphrase)))
    after = again.clauses.get()
    assert after.entry_id == library[0].pk
    assert after.confidence > (before.confidence or 0) and after.confidence >= CONFIDENT


def test_a_clause_longer_than_its_column_is_kept_cut(tender, engineer):
    from presales.lib.forms import TEXT_LONG

    long_text = "蓄电池组应满足规范要求，" * 1000  # one paragraph of 12,000 characters
    content = spec_docx([("5.1.1", long_text)])
    specification = services.spec_upload(
        user=engineer, tender=tender, file=upload("超长条款.docx", content=content), autofill=False
    )
    row = specification.clauses.get(number="5.1.1")
    assert len(row.text) == TEXT_LONG and row.text.endswith("…")
