"""The pages: list (search, filters, paging, a fixed number of queries), entry page, forms,
actions; who sees and does what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from presales.answers import services
from presales.answers.models import AnswerChange, AnswerEntry, AnswerStatus

MAX_QUERIES = 16


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_is_fixed(client, make_entry, keeper, rep, rectifier, count, django_assert_max_num_queries):
    for n in range(count):
        make_entry(f"要求{n}", f"应答{n}", approve_by=keeper, products=[rectifier], tags=["效率"])
    client.force_login(rep)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("answers:list"))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="answer-row"') == min(count, 25)


def test_rep_sees_approved_only(client, make_entry, keeper, rep, engineer):
    approved = make_entry("已批准要求", "答", approve_by=keeper)
    draft = make_entry("草稿要求", "答")
    client.force_login(rep)
    body = client.get(reverse("answers:list")).content.decode()
    assert approved.code in body and draft.code not in body
    assert client.get(reverse("answers:entry", args=[draft.pk])).status_code == 404
    assert client.get(reverse("answers:entry", args=[approved.pk])).status_code == 200
    assert client.get(reverse("answers:create")).status_code == 403
    assert client.get(reverse("answers:edit", args=[approved.pk])).status_code == 403
    client.force_login(engineer)  # the draft's owner
    assert client.get(reverse("answers:entry", args=[draft.pk])).status_code == 200


def test_nobody_reads_nothing(client, make_entry, keeper, nobody):
    entry = make_entry(approve_by=keeper)
    client.force_login(nobody)
    assert client.get(reverse("answers:list")).status_code == 403
    assert client.get(reverse("answers:entry", args=[entry.pk])).status_code == 404


def test_filters_and_crafted_values(client, make_entry, keeper, engineer, video):
    make_entry("整流模块效率", "答", approve_by=keeper)
    make_entry("摄像机红外", "答", category=video)
    client.force_login(engineer)
    for query in ("?status=draft", f"?category={video.pk}", "?due=1", "?category=abc&status=<x>&sort=zz", "?page=999"):
        response = client.get(reverse("answers:list") + query)
        assert response.status_code == 200
    assert client.get(reverse("answers:list") + "?status=draft").context["total"] == 1
    assert client.get(reverse("answers:list") + f"?category={video.pk}").context["total"] == 1


def test_create_edit_and_actions_through_pages(client, engineer, keeper, power, rectifier):
    client.force_login(engineer)
    data = {
        "category": power.pk,
        "requirement": "直流屏防护等级",
        "answer": "防护等级IP42",
        "deviation": "none",
        "deviation_note": "",
        "products": [rectifier.pk],
        "tags": "防护, 直流屏",
        "review_interval_months": 12,
    }
    response = client.post(reverse("answers:create"), data)
    entry = AnswerEntry.objects.get()
    assert response.status_code == 302 and entry.status == AnswerStatus.DRAFT
    response = client.post(reverse("answers:edit", args=[entry.pk]), {**data, "answer": "防护等级IP54", "version": 1})
    assert response.status_code == 302
    response = client.post(reverse("answers:edit", args=[entry.pk]), {**data, "answer": "IP55", "version": 1})
    assert response.status_code == 200 and "Changed by" in response.content.decode()  # stale: kept, refused
    client.post(reverse("answers:action", args=[entry.pk, "submit"]))
    client.force_login(keeper)
    client.post(reverse("answers:action", args=[entry.pk, "approve"]))
    entry.refresh_from_db()
    assert entry.status == AnswerStatus.APPROVED and entry.answer == "防护等级IP54"
    page = client.get(reverse("answers:entry", args=[entry.pk])).content.decode()
    assert "防护等级IP54" in page and 'data-testid="action-retire"' in page
    client.force_login(engineer)
    response = client.post(
        reverse("answers:edit", args=[entry.pk]), {**data, "answer": "防护等级IP55", "version": 2, "note": "新"}
    )
    assert response.status_code == 302
    assert AnswerChange.objects.get(entry=entry).data == {"answer": "防护等级IP55"}
    assert 'data-testid="pending-change"' in client.get(reverse("answers:entry", args=[entry.pk])).content.decode()


def test_refused_action_says_why(client, make_entry, keeper, other_engineer):
    entry = make_entry(approve_by=keeper)
    client.force_login(other_engineer)
    response = client.post(reverse("answers:action", args=[entry.pk, "retire"]), follow=True)
    assert "Only the category" in response.content.decode()
    assert AnswerEntry.objects.get(pk=entry.pk).status == AnswerStatus.APPROVED
    draft = make_entry()  # another engineer's draft: not even seen
    assert client.post(reverse("answers:action", args=[draft.pk, "approve"])).status_code == 404
    assert client.post(reverse("answers:action", args=[entry.pk, "nonsense"])).status_code == 404


def test_wordings_through_pages(client, make_entry, keeper, engineer):
    entry = make_entry(approve_by=keeper)
    client.force_login(engineer)
    client.post(reverse("answers:wording_create", args=[entry.pk]), {"text": "模块效率≥93%"})
    wording = entry.wordings.get()
    page = client.get(reverse("answers:entry", args=[entry.pk])).content.decode()
    assert "模块效率≥93%" in page
    client.post(reverse("answers:wording_delete", args=[wording.pk]))
    assert not entry.wordings.exists()


def test_entry_page_shows_usages_and_review_flag(client, make_entry, keeper, rep, opportunity):
    from datetime import timedelta

    from django.utils import timezone

    entry = make_entry(approve_by=keeper)
    services.record_usage(user=keeper, entry=entry, opportunity=opportunity, label="ZB-01 技术偏差表")
    AnswerEntry.objects.filter(pk=entry.pk).update(next_review_on=timezone.localdate() - timedelta(days=1))
    client.force_login(rep)
    page = client.get(reverse("answers:entry", args=[entry.pk])).content.decode()
    assert "ZB-01 技术偏差表" in page and 'data-testid="review-expired"' in page


def test_api_lists_what_the_user_reads(client, make_entry, keeper, rep, manager):
    approved = make_entry(approve_by=keeper)
    make_entry("草稿", "草稿")
    client.force_login(rep)
    body = client.get("/api/v1/answers/").json()
    assert [row["code"] for row in body["results"]] == [approved.code]
    assert client.get(f"/api/v1/answers/{approved.pk}/").json()["requirement"] == approved.requirement
    client.force_login(manager)
    assert client.get("/api/v1/answers/?status=draft").json()["count"] == 1


@pytest.mark.parametrize("count", [3, 30])
def test_api_list_and_export_query_counts(client, make_entry, keeper, rep, rectifier, count,
                                          django_assert_max_num_queries):  # fmt: skip
    for n in range(count):
        make_entry(f"要求{n}", f"应答{n}", approve_by=keeper, products=[rectifier], tags=["效率"])
    client.force_login(rep)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get("/api/v1/answers/").status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("answers:export"))
        b"".join(response.streaming_content)


def test_the_history_names_what_changed_also_when_a_service_set_it(make_entry, keeper):
    from presales.lib.audit import history_rows

    entry = make_entry(approve_by=keeper)
    approved = history_rows(entry)[0]
    changed = {name for name, _old, _new in approved["changes"]}
    assert {"status", "next review on"} <= changed, approved
    status = next(change for change in approved["changes"] if change[0] == "status")
    assert status[1:] == ("Draft", "Approved")


def test_my_work_lists_my_answers_due_for_review(client, make_entry, keeper, engineer, rep):
    from datetime import timedelta

    from django.utils import timezone

    from presales.answers.models import AnswerEntry

    due = make_entry(approve_by=keeper)
    overdue = make_entry("监控模块应支持RS485通信", "支持RS485及以太网通信", approve_by=keeper)
    later = make_entry("蓄电池组容量不小于200Ah", "蓄电池组容量300Ah", approve_by=keeper)
    today = timezone.localdate()
    AnswerEntry.objects.filter(pk=due.pk).update(next_review_on=today + timedelta(days=5))
    AnswerEntry.objects.filter(pk=overdue.pk).update(next_review_on=today - timedelta(days=3))
    AnswerEntry.objects.filter(pk=later.pk).update(next_review_on=today + timedelta(days=90))
    client.force_login(engineer)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="my-answers-due"' in html
    assert html.index(f'data-testid="due-answer-{overdue.pk}"') < html.index(f'data-testid="due-answer-{due.pk}"')
    assert f'data-testid="due-answer-{later.pk}"' not in html
    assert "Review overdue since" in html and "?due=1" in html
    client.force_login(rep)  # owns no answer: no card
    assert 'data-testid="my-answers-due"' not in client.get(reverse("home")).content.decode()
