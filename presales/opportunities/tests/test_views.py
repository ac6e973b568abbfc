"""The opportunity pages: the board's in-place advance, the gate on the detail page, the
stale-edit refusal over HTTP, deliverable files, the audit trail and the list filters."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from presales.events.models import Event
from presales.opportunities import events as opportunity_events
from presales.opportunities import services
from presales.opportunities.models import (
    Deliverable,
    DeliverableStatus,
    Opportunity,
)
from presales.opportunities.tests.helpers import form_payload, xlsx_column
from presales.testing import complete_stage, file_content, make_customer, make_opportunity

VISIT_RECORD = "拜访记录（含客户初步需求）"
HTMX = {"HTTP_HX_REQUEST": "true"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def media_root(settings):
    """Where this test's uploads land (a temporary folder, set by the root conftest)."""
    return Path(settings.MEDIA_ROOT)


def fresh(opportunity: Opportunity) -> Opportunity:
    return Opportunity.objects.get(pk=opportunity.pk)


def section(html: str, testid: str) -> str:
    """The HTML of the element carrying data-testid=`testid`, up to the end of its section."""
    start = html.index(f'data-testid="{testid}"')
    end = html.find("</section>", start)
    return html[start : end if end != -1 else len(html)]


# ---------------------------------------------------------------------------
# Board: advance through the gate in place (htmx)
# ---------------------------------------------------------------------------
def test_board_refused_advance_shows_what_is_missing_on_the_card(client, rep, opportunity, stages):
    client.force_login(rep)

    response = client.post(
        reverse("opportunities:advance", args=[opportunity.pk]),
        {"to_stage": stages["consulting"].pk, "confirm": "1"},
        **HTMX,
    )

    assert response.status_code == 200
    assert [t.name for t in response.templates] == ["opportunities/_board_card.html"]
    html = response.content.decode()
    assert f'data-testid="card-{opportunity.code}"' in html
    assert 'role="alert"' in html
    assert f"《{VISIT_RECORD}》" in html
    assert "与销售人员一起拜访潜在客户" in html
    assert response.context["refusal"]
    assert 'role="status"' not in html
    assert "hx-swap-oob" not in html  # the card stays where it is; the columns are not re-rendered
    assert fresh(opportunity).current_stage == stages["contact"]
    # The card still offers the move, so it can be retried once the work is done.
    assert f'value="{stages["consulting"].pk}"' in html


def test_board_allowed_advance_moves_the_card(client, rep, engineer, manager, opportunity, stages):
    complete_stage(opportunity, worker=engineer, approver=manager)
    client.force_login(rep)

    response = client.post(
        reverse("opportunities:advance", args=[opportunity.pk]),
        {"to_stage": stages["consulting"].pk, "confirm": "1"},
        **HTMX,
    )

    assert response.status_code == 200
    assert response.headers["HX-Reswap"] == "none"  # the columns swap themselves in, out of band
    consulting = section(response.content.decode(), "column-consulting")
    assert f'data-testid="card-{opportunity.code}"' in consulting
    assert 'role="status"' in consulting
    assert "咨询" in consulting
    assert 'role="alert"' not in response.content.decode()
    assert fresh(opportunity).current_stage == stages["consulting"]
    assert Event.objects.filter(opportunity=opportunity, kind=opportunity_events.STAGE_ADVANCED).count() == 1


def test_board_card_refusal_in_chinese(client, rep, opportunity, stages):
    """The default language is Chinese: the refusal on the card names the seed's deliverable."""
    client.force_login(rep)

    response = client.post(
        reverse("opportunities:advance", args=[opportunity.pk]),
        {"to_stage": stages["consulting"].pk, "confirm": "1"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
        **HTMX,
    )

    assert response.status_code == 200
    assert VISIT_RECORD in response.content.decode()


def test_board_advance_denied_to_finance(client, finance, engineer, manager, opportunity, stages):
    complete_stage(opportunity, worker=engineer, approver=manager)
    client.force_login(finance)

    response = client.post(
        reverse("opportunities:advance", args=[opportunity.pk]),
        {"to_stage": stages["consulting"].pk, "confirm": "1"},
        **HTMX,
    )

    assert response.status_code == 403
    assert fresh(opportunity).current_stage == stages["contact"]
    # The 403 is swapped into the card (htmx-config responseHandling): the refusal says why.
    card = section(response.content.decode(), f"card-{opportunity.code}")
    assert "Only the sales owner" in card or "只有销售负责人" in card


def test_board_refusal_for_a_closed_opportunity_is_shown_on_the_card(settings, client, rep, opportunity, stages):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    services.opportunity_close(opportunity=opportunity, user=rep, status="abandoned", reason="客户预算取消")
    client.force_login(rep)

    response = client.post(
        reverse("opportunities:advance", args=[opportunity.pk]),
        {"to_stage": stages["consulting"].pk, "confirm": "1"},
        **HTMX,
        **ENGLISH,
    )

    assert response.status_code == 403
    assert "The opportunity is closed." in response.content.decode()


def test_board_hides_the_advance_button_from_those_who_may_not_move(client, finance, rep, opportunity):
    advance_url = reverse("opportunities:advance", args=[opportunity.pk])
    client.force_login(finance)
    assert advance_url not in client.get(reverse("opportunities:board")).content.decode()
    client.force_login(rep)
    assert advance_url in client.get(reverse("opportunities:board")).content.decode()


def test_board_shows_cards_in_their_stage_columns(client, manager, rep, engineer, opportunity, customer, stages):
    second = make_opportunity(rep, customer, name="二期", presales_lead=engineer)
    complete_stage(second, worker=engineer, approver=manager)
    services.opportunity_advance(opportunity=second, user=rep, to_stage=stages["consulting"])
    client.force_login(manager)

    response = client.get(reverse("opportunities:board"))

    columns = {column.stage.code: [c.opportunity.code for c in column.cards] for column in response.context["columns"]}
    assert list(columns) == ["contact", "consulting", "tracking", "tender", "bidding", "implementation"]
    assert columns["contact"] == [opportunity.code]
    assert columns["consulting"] == [second.code]
    card = next(c for c in response.context["columns"][0].cards)
    assert card.next_stage == stages["consulting"]


def test_advance_from_the_detail_page_shows_the_refusal_as_a_message(settings, client, rep, opportunity, stages):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    client.force_login(rep)

    response = client.post(
        reverse("opportunities:advance", args=[opportunity.pk]),
        {"to_stage": stages["consulting"].pk, "confirm": "1"},
        **ENGLISH,
    )

    assert response.status_code == 302
    errors = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(errors) == 1
    assert VISIT_RECORD in errors[0]
    assert "与销售人员一起拜访潜在客户" in errors[0]
    assert fresh(opportunity).current_stage == stages["contact"]


def test_move_back_from_the_detail_page_needs_a_reason(client, rep, engineer, manager, opportunity, stages):
    complete_stage(opportunity, worker=engineer, approver=manager)
    services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["consulting"])
    client.force_login(rep)
    url = reverse("opportunities:advance", args=[opportunity.pk])

    client.post(url, {"to_stage": stages["contact"].pk, "confirm": "1", "reason": ""})
    assert fresh(opportunity).current_stage == stages["consulting"]

    client.post(url, {"to_stage": stages["contact"].pk, "confirm": "1", "reason": "客户需求有变"})
    assert fresh(opportunity).current_stage == stages["contact"]
    event = Event.objects.get(opportunity=opportunity, kind=opportunity_events.STAGE_MOVED_BACK)
    assert (event.actor, event.data["reason"]) == (rep, "客户需求有变")


def test_advance_to_a_stage_of_another_template_is_404(client, rep, opportunity):
    from presales.opportunities.models import Stage, StageTemplate

    foreign = Stage.objects.create(template=StageTemplate.objects.create(name="别的流程"), order=2, code="x", name="X")
    client.force_login(rep)

    response = client.post(reverse("opportunities:advance", args=[opportunity.pk]), {"to_stage": foreign.pk})

    assert response.status_code == 404


def test_advance_by_get_only_asks(client, rep, engineer, manager, opportunity, stages):
    complete_stage(opportunity, worker=engineer, approver=manager)
    client.force_login(rep)

    response = client.get(reverse("opportunities:advance", args=[opportunity.pk]))

    assert response.status_code == 200
    assert response.context["confirm"].to_stage == stages["consulting"]  # the next stage by default
    assert fresh(opportunity).current_stage == stages["contact"]


# ---------------------------------------------------------------------------
# Detail page: the gate, the checklist, the timeline
# ---------------------------------------------------------------------------
def test_detail_shows_what_blocks_the_exit(client, rep, engineer, opportunity):
    client.force_login(rep)

    html = client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()

    blocking = section(html, "gate-missing")
    assert f"《{VISIT_RECORD}》" in blocking
    assert "与销售人员一起拜访潜在客户" in blocking
    assert "进行初步沟通（口头交流、PPT或系统演示）" in blocking
    assert "找到关键客户的倾向点" not in blocking  # optional


def test_detail_gate_list_shrinks_as_work_is_done(client, rep, engineer, manager, opportunity):
    client.force_login(rep)
    complete_stage(opportunity, worker=engineer, approver=manager)

    response = client.get(reverse("opportunities:detail", args=[opportunity.pk]))

    assert response.context["missing"] == []
    assert 'data-testid="gate-missing"' not in response.content.decode()
    assert 'data-testid="advance"' in response.content.decode()


def test_detail_hides_the_advance_button_from_those_who_may_not(client, finance, opportunity):
    client.force_login(finance)

    html = client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()

    assert 'data-testid="gate-missing"' in html  # what blocks is visible to all who see it
    assert 'data-testid="advance"' not in html


def test_detail_checklist_shows_who_did_a_task(client, rep, engineer, opportunity):
    task = opportunity.tasks.order_by("id").first()
    services.task_set_done(task=task, user=engineer, done=True)
    client.force_login(rep)

    checklist = section(
        client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode(), "checklist"
    )

    assert "张工" in checklist
    assert task.title in checklist


def test_detail_timeline_shows_activities_moves_and_approvals(
    settings, client, rep, engineer, manager, opportunity, stages
):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    services.activity_log(
        opportunity=opportunity,
        user=engineer,
        data={"kind": "visit", "occurred_on": date(2026, 4, 7), "subject": "拜访信息中心主任"},
    )
    complete_stage(opportunity, worker=engineer, approver=manager)
    services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["consulting"])
    client.force_login(rep)

    response = client.get(reverse("opportunities:detail", args=[opportunity.pk]), **ENGLISH)

    kinds = [item.kind if kind == "event" else "activity" for kind, _day, _at, item in response.context["timeline"]]
    assert "activity" in kinds
    assert {
        opportunity_events.STAGE_ADVANCED,
        opportunity_events.DELIVERABLE_APPROVED,
        opportunity_events.TASK_DONE,
    } <= set(kinds)
    timeline = section(response.content.decode(), "timeline")
    assert "拜访信息中心主任" in timeline
    assert "Stage advanced" in timeline and f"moved {opportunity.code} from 接触 to 咨询" in timeline
    assert "Deliverable approved" in timeline and "陈主管" in timeline


# ---------------------------------------------------------------------------
# Stale edit over HTTP
# ---------------------------------------------------------------------------
def test_stale_edit_is_refused_and_keeps_what_was_typed(client, rep, manager, opportunity):
    url = reverse("opportunities:edit", args=[opportunity.pk])
    client.force_login(rep)
    opened = client.get(url)
    seen_version = opened.context["form"]["version"].value()
    assert seen_version == 1

    client.force_login(manager)
    manager_form = client.get(url).context["form"]
    saved = client.post(url, form_payload(opportunity, name="主管修订的名称", version=manager_form["version"].value()))
    assert saved.status_code == 302

    client.force_login(rep)
    response = client.post(
        url,
        form_payload(opportunity, name="销售填写的新名称", competitors="华为、中兴", version=seen_version),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors()
    assert "陈主管" in form.non_field_errors()[0]
    html = response.content.decode()
    assert "陈主管" in html
    assert 'value="销售填写的新名称"' in html
    assert 'value="华为、中兴"' in html
    stored = fresh(opportunity)
    assert stored.name == "主管修订的名称"
    assert stored.competitors == ""
    assert stored.version == 2


def test_saving_again_after_a_stale_refusal_goes_through(client, rep, manager, opportunity):
    """The refusal says "check their changes, then save again": the re-shown form carries
    the version just read, so the second save is accepted as a deliberate one."""
    url = reverse("opportunities:edit", args=[opportunity.pk])
    client.force_login(manager)
    client.post(url, form_payload(opportunity, expected_amount="1500000", version=1))

    client.force_login(rep)
    refused = client.post(url, form_payload(opportunity, competitors="华为", version=1))
    assert refused.status_code == 200
    assert fresh(opportunity).competitors == ""
    shown_version = re.search(r'name="version" value="(\d+)"', refused.content.decode()).group(1)
    assert shown_version == "2"

    again = client.post(url, form_payload(opportunity, competitors="华为", version=shown_version))

    assert again.status_code == 302
    stored = fresh(opportunity)
    assert stored.competitors == "华为"
    assert stored.version == 3


# ---------------------------------------------------------------------------
# Deliverable files
# ---------------------------------------------------------------------------
@override_settings(LANGUAGE_CODE="en")  # logged in: the organisation's language
def upload(client, opportunity, dtype, filename: str, content: bytes, content_type: str):
    return client.post(
        reverse("opportunities:deliverable_create", args=[opportunity.pk]),
        {"deliverable_type": dtype.pk, "file": SimpleUploadedFile(filename, content, content_type=content_type)},
        **ENGLISH,
    )


def test_deliverable_upload_and_download(
    client, rep, engineer, other_rep, finance, manager, opportunity, stages, media_root
):
    dtype = stages["contact"].deliverable_types.get(name=VISIT_RECORD)
    content = b"%PDF-1.4\n% visit record\n"
    client.force_login(engineer)

    response = upload(client, opportunity, dtype, "拜访记录.pdf", content, "application/pdf")

    assert response.status_code == 302
    deliverable = Deliverable.objects.get(opportunity=opportunity)
    assert (deliverable.version, deliverable.status) == (1, DeliverableStatus.SUBMITTED)
    assert deliverable.file.name.startswith(f"deliverables/{opportunity.code}/")
    assert deliverable.file.path.startswith(str(media_root))
    url = reverse("opportunities:deliverable_download", args=[opportunity.pk, deliverable.pk])

    for reader in (rep, engineer, finance):
        client.force_login(reader)
        download = client.get(url)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == content
        assert "attachment" in download["Content-Disposition"]

    client.force_login(other_rep)
    assert client.get(url).status_code == 404


def test_second_upload_is_a_new_version(client, engineer, manager, opportunity, stages):
    dtype = stages["contact"].deliverable_types.get(name=VISIT_RECORD)
    client.force_login(engineer)

    first, second = file_content("v1.docx", "第一版"), file_content("v2.docx", "第二版")
    upload(client, opportunity, dtype, "v1.docx", first, "application/octet-stream")
    upload(client, opportunity, dtype, "v2.docx", second, "application/octet-stream")

    versions = list(Deliverable.objects.filter(opportunity=opportunity).order_by("version"))
    assert [d.version for d in versions] == [1, 2]
    assert [d.file.read() for d in versions] == [first, second]


def test_refused_file_type_gets_a_clear_error_and_nothing_is_saved(client, engineer, opportunity, stages, media_root):
    dtype = stages["contact"].deliverable_types.get(name=VISIT_RECORD)
    client.force_login(engineer)

    response = upload(client, opportunity, dtype, "setup.exe", b"MZ\x90\x00", "application/octet-stream")

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == [errors[0]]
    assert "“.exe” are not accepted" in errors[0]
    assert "pdf" in errors[0]
    assert "“.exe” are not accepted" in response.content.decode()
    assert not Deliverable.objects.exists()
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_file_larger_than_the_limit_is_refused(client, settings, engineer, opportunity, stages):
    settings.PRESALES_MAX_UPLOAD_MB = 1
    dtype = stages["contact"].deliverable_types.get(name=VISIT_RECORD)
    client.force_login(engineer)

    response = upload(client, opportunity, dtype, "big.pdf", b"x" * (1024 * 1024 + 1), "application/pdf")

    assert response.status_code == 200
    assert "limit is 1 MB" in response.context["form"].errors["file"][0]
    assert not Deliverable.objects.exists()


def test_deliverable_without_file_link_or_note_is_refused(client, engineer, opportunity, stages):
    dtype = stages["contact"].deliverable_types.get(name=VISIT_RECORD)
    client.force_login(engineer)

    response = client.post(
        reverse("opportunities:deliverable_create", args=[opportunity.pk]), {"deliverable_type": dtype.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Deliverable.objects.exists()


def test_deliverable_that_comes_from_elsewhere_is_not_offered_for_upload(
    client, engineer, manager, opportunity, stages
):
    """《解决方案》 is recorded from a signed-off solution version: the upload form does not
    offer it, and posting it anyway is refused with nothing saved."""
    solution = stages["consulting"].deliverable_types.get(name="解决方案")
    url = reverse("opportunities:deliverable_create", args=[opportunity.pk])
    client.force_login(engineer)

    offered = client.get(url).context["form"].fields["deliverable_type"].queryset
    response = upload(client, opportunity, solution, "方案.pdf", file_content("方案.pdf"), "application/pdf")

    assert solution not in offered
    assert stages["consulting"].deliverable_types.get(name="项目报价清单") in offered
    assert response.status_code == 200
    assert response.context["form"].errors["deliverable_type"]
    assert not Deliverable.objects.exists()


def test_download_of_a_deliverable_of_another_opportunity_is_404(
    client, rep, other_rep, engineer, manager, opportunity, stages
):
    theirs = make_opportunity(other_rep, make_customer(other_rep, "宁波市教育局"))
    dtype = stages["contact"].deliverable_types.get(name=VISIT_RECORD)
    client.force_login(other_rep)
    upload(client, theirs, dtype, "theirs.pdf", file_content("theirs.pdf"), "application/pdf")
    foreign = Deliverable.objects.get(opportunity=theirs)

    client.force_login(rep)  # rep sees his own opportunity, but the file is not on it
    response = client.get(reverse("opportunities:deliverable_download", args=[opportunity.pk, foreign.pk]))

    assert response.status_code == 404


# ---------------------------------------------------------------------------
# Audit trail on the page
# ---------------------------------------------------------------------------
def test_history_shows_the_changed_field_who_and_the_values(settings, client, rep, opportunity):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    client.force_login(rep)
    url = reverse("opportunities:edit", args=[opportunity.pk])
    client.post(url, form_payload(opportunity, expected_amount="1500000", competitors="华为"))
    assert fresh(opportunity).expected_amount == Decimal("1500000")

    html = client.get(reverse("opportunities:detail", args=[opportunity.pk]), **ENGLISH).content.decode()

    history = section(html, "history")
    assert "expected amount (CNY)" in history
    amounts = history.replace(",", "")  # the amounts may be shown with thousands separators
    assert re.search(r"1200000(\.00)?\s*→\s*1500000(\.00)?", amounts), history
    assert "competitors" in history and "华为" in history
    assert "王销售" in history
    assert "created" in history


def test_history_shows_stage_moves(settings, client, rep, engineer, manager, opportunity, stages):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    complete_stage(opportunity, worker=engineer, approver=manager)
    services.opportunity_advance(opportunity=opportunity, user=engineer, to_stage=stages["consulting"])
    client.force_login(rep)

    html = client.get(reverse("opportunities:detail", args=[opportunity.pk]), **ENGLISH).content.decode()

    history = section(html, "history")
    assert "current stage" in history
    assert re.search(r"接触\s*→\s*咨询", history)
    assert "张工" in history


# ---------------------------------------------------------------------------
# List filters
# ---------------------------------------------------------------------------
@pytest.fixture
def filter_rows(rep, other_rep, engineer, manager, customer, stages):
    """Three opportunities that differ in every filtered field."""
    a = make_opportunity(
        rep,
        customer,
        name="指挥中心升级",
        expected_amount=Decimal("500000"),
        expected_sign_date=date(2026, 6, 30),
    )
    b = make_opportunity(
        rep,
        make_customer(rep, "浙江大学", industry="education"),
        name="智慧教室",
        presales_lead=engineer,
        expected_amount=Decimal("2000000"),
        expected_sign_date=date(2026, 9, 15),
    )
    complete_stage(b, worker=engineer, approver=manager)
    services.opportunity_advance(opportunity=b, user=rep, to_stage=stages["consulting"])
    c = make_opportunity(
        other_rep,
        make_customer(other_rep, "宁波市教育局", industry="education"),
        name="教育城域网",
        expected_amount=Decimal("800000"),
        expected_sign_date=date(2026, 12, 1),
    )
    services.opportunity_close(opportunity=c, user=other_rep, status="lost", reason="价格", winning_competitor="华为")
    return {"a": a, "b": b, "c": c}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, {"a", "b", "c"}),
        ({"stage": "consulting"}, {"b"}),
        ({"status": "lost"}, {"c"}),
        ({"status": "active"}, {"a", "b"}),
        ({"owner": "other_rep"}, {"c"}),
        ({"customer": "公安"}, {"a"}),
        ({"customer": "教育"}, {"c"}),
        ({"amount_min": "600000", "amount_max": "1000000"}, {"c"}),
        ({"amount_min": "600000"}, {"b", "c"}),
        ({"sign_from": "2026-07-01", "sign_to": "2026-10-31"}, {"b"}),
        ({"sign_to": "2026-07-01"}, {"a"}),
        ({"q": "智慧"}, {"b"}),
        ({"status": "active", "amount_max": "1000000"}, {"a"}),
    ],
)
def test_list_filters_narrow_results(client, manager, rep, other_rep, stages, filter_rows, params, expected):
    users = {"rep": rep, "other_rep": other_rep}
    query = dict(params)
    if "stage" in query:
        query["stage"] = stages[query["stage"]].pk
    if "owner" in query:
        query["owner"] = users[query["owner"]].pk
    client.force_login(manager)
    wanted = {filter_rows[key].code for key in expected}

    response = client.get(reverse("opportunities:list"), query)

    assert response.status_code == 200
    assert {o.code for o in response.context["page"].object_list} == wanted
    assert response.context["total"] == len(wanted)
    # The export link carries the same filters and exports the same rows.
    assert set(xlsx_column(client.get(reverse("opportunities:export"), query))) == wanted


def test_list_filters_never_widen_a_reps_scope(client, rep, other_rep, filter_rows):
    client.force_login(rep)

    response = client.get(reverse("opportunities:list"), {"owner": other_rep.pk})

    assert list(response.context["page"].object_list) == []


@pytest.mark.parametrize(
    "ordering, expected",
    [
        ("amount", ["a", "c", "b"]),
        ("-amount", ["b", "c", "a"]),
        ("sign_date", ["a", "b", "c"]),
        ("-stage", ["b", "a", "c"]),
    ],
)
def test_list_sorts_by_the_chosen_column(client, manager, filter_rows, ordering, expected):
    client.force_login(manager)

    response = client.get(reverse("opportunities:list"), {"sort": ordering})

    codes = [o.code for o in response.context["page"].object_list]
    if ordering == "-stage":  # a and c share 接触: only the stage order is pinned
        assert codes[0] == filter_rows["b"].code
    else:
        assert codes == [filter_rows[key].code for key in expected]


def test_list_paginates_at_fifty(client, manager, rep, customer):
    for number in range(52):
        make_opportunity(rep, customer, name=f"项目{number:02d}")
    client.force_login(manager)

    first = client.get(reverse("opportunities:list"))
    second = client.get(reverse("opportunities:list"), {"page": 2})

    assert first.context["total"] == 52
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 2


def test_refused_close_keeps_what_was_typed(settings, client, rep, opportunity):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    client.force_login(rep)

    response = client.post(
        reverse("opportunities:close", args=[opportunity.pk]),
        {"status": "lost", "reason": "价格高于竞争对手约8%", "winning_competitor": ""},
        **ENGLISH,
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Say which competitor won" in page
    assert "价格高于竞争对手约8%" in page  # the typed reason is still in the form
    assert fresh(opportunity).status == "active"


def test_reopen_without_a_reason_is_refused_on_the_form(client, rep, opportunity):
    services.opportunity_close(opportunity=opportunity, user=rep, status="abandoned", reason="客户取消预算")
    client.force_login(rep)

    response = client.post(reverse("opportunities:reopen", args=[opportunity.pk]), {"reason": ""})

    assert response.status_code == 200
    assert 'data-testid="status-form"' in response.content.decode()
    assert fresh(opportunity).status == "abandoned"


def test_home_shows_the_department_pipeline_to_those_who_see_all(client, manager, rep, opportunity):
    client.force_login(manager)
    summary = client.get(reverse("home")).context["pipeline"]

    assert [row["stage"].code for row in summary][:2] == ["contact", "consulting"]
    assert summary[0]["count"] == 1
    assert summary[0]["amount"] == opportunity.expected_amount

    client.force_login(rep)  # a rep has "my opportunities", not the department's totals
    assert client.get(reverse("home")).context["pipeline"] == []


def test_a_new_opportunity_defaults_its_sales_owner_to_the_person_creating_it(client, rep, sales_head, customer):
    client.force_login(sales_head)  # who may name another owner: the field starts at himself
    assert client.get(reverse("opportunities:create")).context["form"]["sales_owner"].value() in (
        sales_head,
        sales_head.pk,
    )
    client.force_login(rep)  # a rep owns what he creates: no field to fill
    assert "sales_owner" not in client.get(reverse("opportunities:create")).context["form"].fields
