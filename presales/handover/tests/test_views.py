"""The handover page: starting it, the plan, the acceptance report through the pages."""

from __future__ import annotations

from datetime import date

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from presales.handover import selectors, services
from presales.testing import upload as real_file
from presales.testing import walk_to


def test_handover_page_and_start(client, opportunity, engineer, manager):
    client.force_login(manager)
    response = client.post(reverse("handover:start", args=[opportunity.pk]), follow=True)
    assert "implementation stage" in response.text or "实施" in response.text
    opportunity = walk_to(opportunity, "implementation", worker=engineer, approver=manager)
    assert selectors.for_opportunity(opportunity, manager)["can_start_handover"]
    client.post(reverse("handover:start", args=[opportunity.pk]))
    page = client.get(reverse("handover:detail", args=[opportunity.pk])).text
    assert 'data-testid="handover-checklist"' in page and "《项目报价清单》" in page
    handover = opportunity.handover
    response = client.post(
        reverse("handover:edit", args=[handover.pk]),
        {"implementation_lead": engineer.pk, "planned_start": "2026-05-01", "planned_end": "2026-04-01"},
    )
    assert response.status_code == 200  # end before start: refused, input kept
    response = client.post(
        reverse("handover:edit", args=[handover.pk]),
        {
            "implementation_lead": engineer.pk,
            "planned_start": "2026-04-01",
            "planned_end": "2026-05-01",
            "plan": real_file("施工组织计划.docx"),
        },
    )
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.planned_end == date(2026, 5, 1) and handover.construction_plan
    assert client.get(reverse("handover:plan", args=[handover.pk])).status_code == 200


def test_acceptance_report_through_the_pages(client, opportunity, engineer, manager, sales_head):
    opportunity = walk_to(opportunity, "implementation", worker=engineer, approver=manager)
    handover = services.handover_start(opportunity=opportunity, user=manager)
    client.force_login(engineer)
    response = client.post(
        reverse("handover:acceptance_edit", args=[handover.pk]),
        {"accepted_on": "2026-09-01", "summary": "验收合格", "file": SimpleUploadedFile("验收.exe", b"MZ")},
    )
    assert response.status_code == 200 and "验收合格" in response.text  # bad type: kept
    response = client.post(
        reverse("handover:acceptance_edit", args=[handover.pk]),
        {"accepted_on": "2026-09-01", "summary": "验收合格", "file": real_file("验收.pdf")},
    )
    assert response.status_code == 302
    page = client.get(reverse("handover:detail", args=[opportunity.pk])).text
    assert 'data-testid="approval-submit"' in page
    report = handover.acceptance
    client.post(reverse("handover:acceptance_submit", args=[report.pk]))
    client.force_login(manager)
    page = client.get(reverse("handover:detail", args=[opportunity.pk])).text
    assert 'data-testid="approval-decide"' in page


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_every_save_on_the_handover_page_says_it_saved(settings, client, opportunity, engineer, manager):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    opportunity = walk_to(opportunity, "implementation", worker=engineer, approver=manager)
    handover = services.handover_start(opportunity=opportunity, user=manager)
    client.force_login(manager)
    page = client.get(reverse("handover:detail", args=[opportunity.pk]), HTTP_ACCEPT_LANGUAGE="en").text
    assert "? – ?" not in page and "Not scheduled yet" in page  # a new handover has no dates yet
    response = client.post(
        reverse("handover:edit", args=[handover.pk]),
        {"implementation_lead": engineer.pk, "planned_start": "2026-04-01", "planned_end": "2026-05-01"},
    )
    assert response.status_code == 302 and said(response) == ["Handover saved."]
    page = client.get(reverse("handover:detail", args=[opportunity.pk])).text
    assert "2026-04-01 – 2026-05-01" in page
    response = client.post(reverse("handover:checklist_add", args=[handover.pk]), {"name": "备品备件"})
    assert said(response) == ["Checklist item added."]
    client.force_login(engineer)
    response = client.post(
        reverse("handover:acceptance_edit", args=[handover.pk]),
        {"accepted_on": "2026-09-01", "summary": "验收合格", "file": real_file("验收.pdf")},
    )
    assert response.status_code == 302 and said(response)[-1] == "Acceptance report saved."


def test_a_refused_upload_form_says_to_choose_the_file_again(settings, client, opportunity, engineer, manager):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    opportunity = walk_to(opportunity, "implementation", worker=engineer, approver=manager)
    handover = services.handover_start(opportunity=opportunity, user=manager)
    client.force_login(manager)
    response = client.post(
        reverse("handover:edit", args=[handover.pk]),
        {
            "implementation_lead": engineer.pk,
            "planned_start": "2026-05-01",
            "planned_end": "2026-04-01",
            "plan": real_file("施工组织计划.docx"),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    page = response.text
    assert 'data-testid="choose-files-again"' in page and "choose it again" in page
    assert "Construction plan" in page.split('data-testid="choose-files-again"')[1].split("</div>")[0]
    response = client.post(
        reverse("handover:edit", args=[handover.pk]),
        {"implementation_lead": engineer.pk, "planned_start": "2026-05-01", "planned_end": "2026-04-01"},
    )
    assert 'data-testid="choose-files-again"' not in response.text  # no file was chosen: nothing to say
