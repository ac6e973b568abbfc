"""The pages: who sees what, who may do what, and what refusals say."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from presales.service_requests import selectors, services
from presales.service_requests.models import (
    CustomFormField,
    RequestStatus,
    ServiceRequest,
    ServiceRequestAttachment,
    SiteSurvey,
)
from presales.service_requests.tests.conftest import file_request
from presales.testing import file_content, make_customer
from presales.testing import upload as real_file

pytestmark = pytest.mark.django_db
S = RequestStatus


def detail(sr):
    return reverse("service_requests:detail", args=[sr.pk])


def url(name, sr):
    return reverse(f"service_requests:{name}", args=[sr.pk])


def test_other_rep_gets_404_and_does_not_see_it_in_the_list(client, sr, other_rep):
    client.force_login(other_rep)
    assert client.get(detail(sr)).status_code == 404
    assert client.post(url("cancel", sr), {"reason": "x"}).status_code == 404
    response = client.get(reverse("service_requests:list"))
    assert sr.code not in response.text
    own = file_request(other_rep, customer=make_customer(other_rep, "李的客户"))
    assert own.code in client.get(reverse("service_requests:list")).text


@pytest.mark.parametrize(
    "persona", ["rep", "manager", "sales_head", "commercial", "finance", "general_manager", "engineer"]
)
def test_who_sees_a_request(client, sr, request, persona):
    """The requester, roles that see all, and the opportunity's presales lead (engineer) see it."""
    client.force_login(request.getfixturevalue(persona))
    assert client.get(detail(sr)).status_code == 200


def test_engineer_not_on_it_and_nobody_get_404(client, sr, other_engineer, nobody):
    for user in (other_engineer, nobody):
        client.force_login(user)
        assert client.get(detail(sr)).status_code == 404


def test_assignee_sees_request_assigned_to_him(client, sr, manager, other_engineer):
    services.request_assign(request=sr, user=manager, engineer=other_engineer)
    client.force_login(other_engineer)
    response = client.get(detail(sr))
    assert response.status_code == 200
    assert 'data-testid="accept"' in response.text


def test_dispatch_is_for_presales_managers(client, rep, engineer, sales_head, general_manager, manager):
    for user in (rep, engineer, sales_head, general_manager):
        client.force_login(user)
        assert client.get(reverse("service_requests:dispatch")).status_code == 403
    client.force_login(manager)
    assert client.get(reverse("service_requests:dispatch")).status_code == 200


def test_general_manager_sees_every_request_and_acts_on_none(client, sr, general_manager, engineer):
    """service_requests.access: he sees all (sees_all) but is no filer (is_filer), no
    dispatcher (is_dispatcher) and not on the requester's side (is_requester_side)."""
    client.force_login(general_manager)
    assert sr.code in client.get(reverse("service_requests:list")).text
    assert client.get(reverse("service_requests:create")).status_code == 403
    assert client.get(url("edit", sr)).status_code == 403
    assert client.post(url("assign", sr), {f"r{sr.pk}-engineer": engineer.pk}).status_code == 403
    assert client.post(url("cancel", sr), {"reason": "不需要了"}).status_code == 403
    sr.refresh_from_db()
    assert sr.status == S.SUBMITTED and sr.assignee is None


def test_engineer_cannot_assign(client, sr, engineer):
    client.force_login(engineer)
    response = client.post(url("assign", sr), {f"r{sr.pk}-engineer": engineer.pk})
    assert response.status_code == 403
    sr.refresh_from_db()
    assert sr.status == S.SUBMITTED


def test_manager_assigns_in_one_action_from_dispatch(client, sr, manager, engineer):
    engineer.skills = "视频监控, 综合布线"
    engineer.save()
    client.force_login(manager)
    page = client.get(reverse("service_requests:dispatch"))
    assert sr.code in page.text and "视频监控" in page.text
    due = timezone.localdate() + timedelta(days=3)
    response = client.post(
        url("assign", sr),
        {
            f"r{sr.pk}-engineer": engineer.pk,
            f"r{sr.pk}-estimated_hours": "12",
            f"r{sr.pk}-due_date": due.isoformat(),
            f"r{sr.pk}-survey_needed": "yes",
        },
    )
    assert response.status_code == 302
    sr.refresh_from_db()
    assert (sr.status, sr.assignee, sr.estimated_hours, sr.due_date, sr.survey_needed) == (
        S.ASSIGNED, engineer, 12, due, True,
    )  # fmt: skip
    load = {e.username: e for e in selectors.engineers_with_load()}
    assert (load["engineer"].open_count, load["engineer"].open_hours, load["engineer"].next_due) == (1, 12, due)


def test_assign_to_non_engineer_is_refused_with_message(client, sr, manager, rep):
    client.force_login(manager)
    response = client.post(url("assign", sr), {f"r{sr.pk}-engineer": rep.pk}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Select a valid choice" in response.text
    sr.refresh_from_db()
    assert sr.status == S.SUBMITTED


def test_non_assignee_cannot_accept(client, assigned, other_engineer, rep):
    for user in (other_engineer, rep):
        client.force_login(user)
        response = client.post(url("accept", assigned))
        assert response.status_code in (403, 404)
    assigned.refresh_from_db()
    assert assigned.status == S.ASSIGNED


def test_engineer_declines_through_page_needs_reason(client, assigned, engineer):
    client.force_login(engineer)
    response = client.post(url("decline", assigned), {"reason": ""}, follow=True)
    assert "This field is required." in response.text or "这个字段是必填项" in response.text
    client.post(url("decline", assigned), {"reason": "技能不匹配"})
    assigned.refresh_from_db()
    assert assigned.status == S.SUBMITTED and assigned.assignee is None


def test_full_flow_through_pages(client, assigned, engineer, rep):
    client.force_login(engineer)
    assert client.post(url("accept", assigned)).status_code == 302
    assert client.post(url("start", assigned)).status_code == 302
    content = file_content("方案.docx")  # built once: a .docx carries its creation time
    upload = real_file("方案.docx", content=content)
    assert client.post(url("deliver", assigned), {"note": "方案已交付", "files": [upload]}).status_code == 302
    assigned.refresh_from_db()
    assert assigned.status == S.DELIVERED
    attachment = ServiceRequestAttachment.objects.get(request=assigned)
    assert attachment.kind == "delivery"
    client.force_login(rep)
    page = client.get(detail(assigned))
    assert 'data-testid="close"' in page.text and "方案.docx" in page.text
    download = client.get(reverse("service_requests:attachment", args=[assigned.pk, attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    client.post(url("close", assigned), {"comment": ""})
    assigned.refresh_from_db()
    assert assigned.status == S.CLOSED


def test_editing_a_closed_request_says_why(client, assigned, engineer, rep):
    sr = services.request_accept(request=assigned, user=engineer)
    sr = services.request_deliver(request=sr, user=engineer, note="ok")
    services.request_close(request=sr, user=rep)
    client.force_login(rep)
    response = client.get(url("edit", sr), follow=True)
    assert "A request that is closed cannot be changed." in response.text
    response = client.post(url("edit", sr), {"title": "x"}, follow=True)
    assert "A request that is closed cannot be changed." in response.text
    sr.refresh_from_db()
    assert sr.title == "安防方案设计"


def test_edit_keeps_input_and_saves(client, sr, rep):
    client.force_login(rep)
    form = client.get(url("edit", sr))
    assert form.status_code == 200
    data = {
        "request_type": "demo", "title": "演示", "content": "演示平台", "contact_name": "", "contact_phone": "",
        "site_address": "", "wanted_by": sr.wanted_by.isoformat(), "priority": "urgent", "version": sr.version,
    }  # fmt: skip
    assert client.post(url("edit", sr), data).status_code == 302
    sr.refresh_from_db()
    assert (sr.title, sr.priority) == ("演示", "urgent")
    # Stale version: refused, input kept.
    response = client.post(url("edit", sr), {**data, "title": "旧页面", "version": 1})
    assert response.status_code == 200 and "旧页面" in response.text


def test_create_from_opportunity_prefills_and_limits_choices(client, rep, opportunity, other_rep, manager):
    hidden = make_customer(other_rep, "隐藏客户")
    client.force_login(rep)
    page = client.get(reverse("service_requests:create") + f"?opportunity={opportunity.pk}")
    assert page.status_code == 200
    assert page.context["form"].initial["customer"] == opportunity.customer
    assert "隐藏客户" not in page.text
    data = {
        "opportunity": opportunity.pk, "request_type": "site_survey", "title": "现场勘察", "content": "机房勘察",
        "wanted_by": (timezone.localdate() + timedelta(days=5)).isoformat(), "priority": "normal",
        "files": [real_file("图纸.pdf")],
    }  # fmt: skip
    response = client.post(reverse("service_requests:create"), data)
    sr = ServiceRequest.objects.get(title="现场勘察")
    assert response.status_code == 302 and sr.customer == opportunity.customer and sr.attachments.count() == 1
    # A customer the rep cannot see is not a valid choice.
    response = client.post(reverse("service_requests:create"), {**data, "opportunity": "", "customer": hidden.pk})
    assert response.status_code == 200 and ServiceRequest.objects.count() == 1


def test_bad_upload_extension_is_refused_and_input_kept(client, rep, opportunity, manager):
    client.force_login(rep)
    data = {
        "opportunity": opportunity.pk, "request_type": "demo", "title": "保留我", "content": "内容",
        "wanted_by": (timezone.localdate() + timedelta(days=5)).isoformat(), "priority": "normal",
        "files": [SimpleUploadedFile("virus.exe", b"MZ")],
    }  # fmt: skip
    response = client.post(reverse("service_requests:create"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Files of type “.exe” are not accepted" in response.text
    assert "保留我" in response.text
    assert not ServiceRequest.objects.exists()


def test_rep_cannot_create_from_hidden_opportunity(client, opportunity, other_rep):
    client.force_login(other_rep)
    page = client.get(reverse("service_requests:create") + f"?opportunity={opportunity.pk}")
    assert "opportunity" not in page.context["form"].initial


def test_custom_field_on_survey_form_is_stored_and_shown(client, assigned, engineer, manager):
    CustomFormField.objects.create(
        form="survey", key="beds", label="床位数", field_type="number", required=True, order=1
    )
    CustomFormField.objects.create(form="survey", key="old", label="停用字段", active=False)
    services.request_set_survey_needed(request=assigned, user=manager, survey_needed=True)
    services.request_accept(request=assigned, user=engineer)
    client.force_login(engineer)
    page = client.get(url("survey", assigned))
    assert page.status_code == 200 and "床位数" in page.text and "停用字段" not in page.text
    data = {
        "surveyed_on": timezone.localdate().isoformat(), "place": "医院机房", "people_met": "信息科主任",
        "current_situation": "医院信息化程度一般", "network_facts": "千兆内网", "needs_found": "本次建设目标",
    }  # fmt: skip
    missing = client.post(url("survey", assigned), data)
    assert missing.status_code == 200 and "医院机房" in missing.text  # required custom field: input kept
    photo = real_file("机房.jpg")
    response = client.post(url("survey", assigned), {**data, "x_beds": "800", "files": [photo]})
    assert response.status_code == 302
    survey = SiteSurvey.objects.get(request=assigned)
    assert survey.extra == {"beds": "800"} and survey.attachments.get().is_photo
    page = client.get(detail(assigned))
    assert "床位数" in page.text and "800" in page.text


def test_survey_page_refuses_when_no_survey_needed(client, assigned, engineer, manager):
    services.request_set_survey_needed(request=assigned, user=manager, survey_needed=False)
    services.request_accept(request=assigned, user=engineer)
    client.force_login(engineer)
    data = {"surveyed_on": timezone.localdate().isoformat(), "place": "p", "people_met": "x", "needs_found": "y"}
    response = client.post(url("survey", assigned), data)
    assert response.status_code == 200
    assert "the sales rep fills the requirements form instead" in response.text
    assert not SiteSurvey.objects.exists()


def test_requirements_form_with_custom_choice_field(client, assigned, rep, manager):
    CustomFormField.objects.create(form="requirements", key="level", label="医院等级", field_type="choice",
                                   choices="三甲\n二甲")  # fmt: skip
    services.request_set_survey_needed(request=assigned, user=manager, survey_needed=False)
    client.force_login(rep)
    page = client.get(url("requirements", assigned))
    assert "医院等级" in page.text and "三甲" in page.text
    response = client.post(
        url("requirements", assigned), {"business_background": "背景", "needs": "需求", "x_level": "三甲"}
    )
    assert response.status_code == 302
    assert assigned.requirements.extra == {"level": "三甲"}


def test_list_filters(client, rep, sr, assigned, engineer, manager, customer):
    late = file_request(rep, customer=customer, title="逾期请求")
    ServiceRequest.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    client.force_login(rep)
    overdue = client.get(reverse("service_requests:list") + "?overdue=on")
    assert "逾期请求" in overdue.text and sr.code not in overdue.text
    client.force_login(engineer)
    mine = client.get(reverse("service_requests:list") + "?scope=assigned")
    assert assigned.code in mine.text and late.code not in mine.text
    typed = client.get(reverse("service_requests:list") + "?request_type=demo")
    assert "No service requests." in typed.text


def test_opportunity_section_selector_and_template(rep, other_rep, opportunity, sr, engineer):
    from django.template.loader import render_to_string

    section = selectors.for_opportunity(opportunity, rep)
    assert section["can_file"] and [r.pk for r in section["requests"]] == [sr.pk]
    html = render_to_string("service_requests/_opportunity_section.html", {"service_requests_section": section})
    assert sr.code in html and f"?opportunity={opportunity.pk}" in html
    assert selectors.for_opportunity(opportunity, other_rep)["requests"] == []
    customer_section = selectors.for_customer(opportunity.customer, rep)
    assert customer_section["requests"][0].pk == sr.pk
    html = render_to_string("service_requests/_customer_section.html", {"service_requests_section": customer_section})
    assert sr.code in html and f"?customer={opportunity.customer.pk}" in html


def test_open_for_engineer(assigned, engineer, other_engineer):
    assert [r.pk for r in selectors.open_for_engineer(engineer)] == [assigned.pk]
    assert selectors.open_for_engineer(other_engineer) == []


def test_detail_offers_only_the_allowed_actions(client, sr, rep, manager, engineer):
    def testids(user):
        client.force_login(user)
        html = client.get(detail(sr)).text
        names = ["edit", "accept", "decline", "start", "deliver", "close", "reject", "cancel", "assign-form"]
        return {name for name in names if f'data-testid="{name}"' in html}

    assert testids(rep) == {"edit", "cancel"}
    assert testids(manager) == {"edit", "cancel", "reject", "assign-form"}
    assert testids(engineer) == set()  # presales lead of the opportunity: sees it, may not act
    services.request_assign(request=sr, user=manager, engineer=engineer)
    assert testids(engineer) == {"accept", "decline"}


def test_dispatch_highlights_overdue(client, sr, manager):
    ServiceRequest.objects.filter(pk=sr.pk).update(wanted_by=timezone.localdate() - timedelta(days=2), due_date=None)
    client.force_login(manager)
    html = client.get(reverse("service_requests:dispatch")).text
    assert 'data-testid="overdue"' in html and "list-group-item-danger" in html


def test_a_refused_delivery_keeps_the_note_typed(client, assigned, engineer, manager):
    services.request_set_survey_needed(request=assigned, user=manager, survey_needed=True)
    client.force_login(engineer)
    client.post(url("accept", assigned))
    note = "方案第三版已交付，含拓扑图"

    bad_file = client.post(url("deliver", assigned), {"note": note, "files": [SimpleUploadedFile("x.exe", b"MZ")]})
    no_survey = client.post(url("deliver", assigned), {"note": note})

    for response in (bad_file, no_survey):
        assert response.status_code == 200
        assert note in response.text
        assert 'enctype="multipart/form-data"' in response.text
    assert "The site survey record is missing: fill it in before delivering." in no_survey.text
    assigned.refresh_from_db()
    assert assigned.status == S.ACCEPTED


def test_a_refused_reason_form_keeps_the_reason_typed(client, assigned, manager, engineer):
    client.force_login(engineer)
    client.post(url("accept", assigned))  # now it can no longer be rejected by the manager
    client.force_login(manager)

    response = client.post(url("reject", assigned), {"reason": "客户预算取消"})

    assert response.status_code == 200
    assert "客户预算取消" in response.text
    assert "A request that is Accepted can no longer be rejected." in response.text


def test_a_malformed_prefill_link_opens_the_empty_form(client, rep):
    client.force_login(rep)
    for query in ({"opportunity": "abc"}, {"customer": "1;"}):
        assert client.get(reverse("service_requests:create"), query).status_code == 200
