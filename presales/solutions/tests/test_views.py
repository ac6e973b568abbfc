from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from presales.approvals.models import Approval
from presales.solutions import selectors, services
from presales.solutions.models import Solution, SolutionStatus, SolutionVersion, VersionStatus
from presales.solutions.tests.conftest import add_version, pass_review
from presales.testing import make_customer, make_opportunity, walk_to
from presales.testing import upload as real_file


def test_other_rep_gets_404_on_every_solution_url(client, other_rep, solution, engineer, manager):
    v1 = add_version(solution, engineer)
    pass_review(v1, manager)
    client.force_login(other_rep)
    urls = [
        reverse("solutions:detail", args=[solution.pk]),
        reverse("solutions:edit", args=[solution.pk]),
        reverse("solutions:version_create", args=[solution.pk]),
        reverse("solutions:version_download", args=[v1.pk]),
        reverse("solutions:review", args=[v1.pk]),
        reverse("solutions:qa_create", args=[v1.pk]),
        reverse("handover:detail", args=[solution.opportunity_id]),
        f"{reverse('solutions:create')}?opportunity={solution.opportunity_id}",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("solutions:signoff_submit", args=[v1.pk])).status_code == 404
    response = client.get(reverse("solutions:list"))
    assert response.status_code == 200 and solution.code not in response.text


@pytest.mark.parametrize("persona", ["finance", "general_manager"])
def test_non_team_user_gets_403_on_edit(client, persona, request, solution, engineer):
    """They see every solution (opportunities_visible_to) but are no designer and may not
    contribute to the opportunity (solutions.access.can_change, can_record_review,
    can_submit_signoff)."""
    v1 = add_version(solution, engineer)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("solutions:detail", args=[solution.pk])).status_code == 200
    assert client.get(reverse("solutions:version_create", args=[solution.pk])).status_code == 403
    assert client.get(reverse("solutions:edit", args=[solution.pk])).status_code == 403
    assert client.get(reverse("solutions:review", args=[v1.pk])).status_code == 403
    assert client.post(reverse("solutions:signoff_submit", args=[v1.pk])).status_code == 403
    download = client.get(reverse("solutions:version_download", args=[v1.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"PK")


def test_bad_extension_gives_a_clear_message_and_keeps_the_summary(client, engineer, solution):
    client.force_login(engineer)
    response = client.post(
        reverse("solutions:version_create", args=[solution.pk]),
        {"file": real_file("方案.xlsx"), "summary": "我输入的方案摘要", "main_equipment": ""},
    )
    assert response.status_code == 200
    assert "我输入的方案摘要" in response.text
    assert ".xlsx" in response.text and "docx, pdf, pptx" in response.text
    assert not SolutionVersion.objects.exists()


def test_version_2_form_requires_a_reason(client, engineer, solution):
    add_version(solution, engineer)
    client.force_login(engineer)
    response = client.post(
        reverse("solutions:version_create", args=[solution.pk]),
        {"file": real_file("方案2.pdf"), "summary": "第二版"},
    )
    assert response.status_code == 200 and "第二版" in response.text
    assert solution.versions.count() == 1


def test_full_flow_through_the_pages(client, opportunity, engineer, manager, sales_head, commercial):
    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager)
    client.force_login(engineer)
    response = client.post(
        f"{reverse('solutions:create')}?opportunity={opportunity.pk}",
        {"title": "综合布线方案", "scope": "机房", "designers": [engineer.pk]},
    )
    solution = Solution.objects.get()
    assert response.status_code == 302 and response.url == reverse("solutions:version_create", args=[solution.pk])
    response = client.post(
        reverse("solutions:version_create", args=[solution.pk]),
        {"file": real_file("方案.pptx"), "summary": "第一版", "cost_low": "10", "cost_high": "20"},
    )
    assert response.status_code == 302
    v1 = solution.versions.get()
    review_url = reverse("solutions:review", args=[v1.pk])
    page = client.get(reverse("solutions:detail", args=[solution.pk])).text
    assert 'data-testid="version-row-1"' in page and review_url in page
    form = client.get(review_url).text
    assert 'data-testid="review-form"' in form and 'data-testid="rating-feasibility"' in form
    data = {"chair": manager.pk, "held_on": "2026-03-02", "place": "会议室", "conclusion": "pass", "minutes": "通过"}
    for name in ("feasibility", "advancement", "equipment_selection", "cost_range"):
        data[f"{name}_rating"] = "4"
    assert client.post(review_url, data).status_code == 302
    page = client.get(reverse("solutions:detail", args=[solution.pk])).text
    assert 'data-testid="signoff-submit"' in page
    client.post(reverse("solutions:signoff_submit", args=[v1.pk]), {"note": "请签字"})
    v1.refresh_from_db()
    assert v1.status == VersionStatus.SIGNING

    client.force_login(commercial)
    page = client.get(reverse("solutions:detail", args=[solution.pk])).text
    assert 'data-testid="approval-decide"' in page
    approval = Approval.objects.for_target(v1).get()
    client.post(reverse("approvals:decide", args=[approval.pk]), {"decision": "reject", "comment": "造价偏高"})
    v1.refresh_from_db()
    assert v1.status == VersionStatus.RETURNED
    client.force_login(engineer)
    page = client.get(reverse("solutions:detail", args=[solution.pk])).text
    assert 'data-testid="return-reasons-1"' in page and "造价偏高" in page
    # A returned version is revised by uploading the next version
    assert client.get(reverse("solutions:version_create", args=[solution.pk])).status_code == 200
    client.post(
        reverse("solutions:version_create", args=[solution.pk]),
        {"file": real_file("方案v2.docx"), "summary": "第二版", "change_reason": "压缩造价"},
    )
    v2 = solution.versions.get(number=2)
    pass_review(v2, manager)
    client.post(reverse("solutions:signoff_submit", args=[v2.pk]))
    for signer in (manager, sales_head, commercial):
        client.force_login(signer)
        approval = Approval.objects.for_target(v2).get()
        client.post(reverse("approvals:decide", args=[approval.pk]), {"decision": "approve"})
    solution.refresh_from_db()
    assert solution.status == SolutionStatus.APPROVED

    client.force_login(engineer)
    response = client.post(
        reverse("solutions:qa_create", args=[v2.pk]),
        {
            "held_on": "2026-03-10",
            "place": "客户现场",
            "customer_attendees": "信息科 王科长",
            "items-TOTAL_FORMS": "3",
            "items-INITIAL_FORMS": "0",
            "items-0-question": "存储保留多少天？",
            "items-0-answer": "90天",
        },
    )
    assert response.status_code == 302
    assert v2.qa_sessions.get().items.get().answer == "90天"
    section = selectors.for_opportunity(opportunity, engineer)
    assert section["solutions"][0].latest_number == 2 and section["can_create"]


@pytest.mark.django_db
def test_list_page_reads_a_fixed_number_of_queries(client, manager, rep, engineer):
    customer = make_customer(rep, "量测客户")

    def add(n):
        for i in range(n):
            opp = make_opportunity(rep, customer, name=f"项目{Solution.objects.count()}-{i}", presales_lead=engineer)
            s = services.solution_create(
                user=engineer, opportunity=opp, data={"title": f"方案{i}"}, designers=[engineer], team=[rep]
            )
            add_version(s, engineer)

    client.force_login(manager)
    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("solutions:list")).status_code == 200
    add(12)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("solutions:list") + "?status=draft")
    assert response.status_code == 200 and response.text.count('data-testid="solution-row"') == 15
    assert len(few) == len(many) <= 14


def test_solution_answers_one_of_the_opportunitys_requests(client, engineer, rep, opportunity, other_rep):
    """A solution may name the service request it answers, only one of its opportunity's."""
    from presales.service_requests.models import ServiceRequest
    from presales.solutions.models import Solution

    def file(opp, title):
        from presales.service_requests.services import request_create

        return request_create(
            user=opp.sales_owner,
            data={
                "opportunity": opp,
                "customer": opp.customer,
                "request_type": "solution_design",
                "title": title,
                "content": "请出方案",
                "wanted_by": opp.created_at.date(),
            },
        )

    mine = file(opportunity, "方案设计请求")
    elsewhere = file(make_opportunity(other_rep, make_customer(other_rep, "别家客户")), "别处的请求")
    client.force_login(engineer)
    url = reverse("solutions:create") + f"?opportunity={opportunity.pk}&request={mine.pk}"
    page = client.get(url).text
    choices = page[page.index('name="service_request"') : page.index("</select>", page.index('name="service_request"'))]
    assert f'<option value="{mine.pk}" selected>' in choices
    assert elsewhere.code not in choices and f'value="{elsewhere.pk}"' not in choices

    data = {"opportunity": opportunity.pk, "title": "指挥中心方案", "designers": [engineer.pk]}
    refused = client.post(url, {**data, "service_request": elsewhere.pk})
    assert refused.status_code == 200 and not Solution.objects.exists()
    client.post(url, {**data, "service_request": mine.pk})
    solution = Solution.objects.get()
    assert solution.service_request == mine
    assert mine.code in client.get(reverse("solutions:detail", args=[solution.pk])).text
    assert ServiceRequest.objects.count() == 2
