"""The tender pages: list, detail with every section, forms that keep input, permissions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from presales.tenders import services
from presales.tenders.models import Tender, TenderFile, TenderStatus
from presales.tenders.tests.conftest import register, score_all
from presales.testing import make_customer, make_opportunity, upload, walk_to

pytestmark = pytest.mark.django_db


def detail(tender) -> str:
    return reverse("tenders:detail", args=[tender.pk])


def test_register_page_keeps_what_was_typed_on_a_refusal(client, rep, opportunity):
    client.force_login(rep)
    url = reverse("tenders:register", args=[opportunity.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "number": "ZB-1",
            "title": "直流电源系统采购",
            "evaluation_method": "comprehensive",
            "submission_due_at": "2027-01-10T09:30",
        },
    )
    assert response.status_code == 200  # in 接触: refused, the form comes back
    html = response.content.decode()
    assert "A tender is registered in the stage" in html and 'value="直流电源系统采购"' in html
    assert not Tender.objects.exists()


def test_register_from_the_opportunity_card(client, rep, in_tender):
    client.force_login(rep)
    page = client.get(reverse("opportunities:detail", args=[in_tender.pk])).content.decode()
    assert 'data-testid="tenders-section"' in page and 'data-testid="tender-register"' in page
    response = client.post(
        reverse("tenders:register", args=[in_tender.pk]),
        {
            "number": "ZB-1",
            "title": "直流电源系统采购",
            "evaluation_method": "comprehensive",
            "questions_due_at": "2027-01-05T17:00",
            "submission_due_at": "2027-01-10T09:30",
            "opening_at": "2027-01-10T09:30",
            "bond_amount": "20000",
            "version": "0",
        },
    )
    tender = Tender.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(tender)
    page = client.get(reverse("opportunities:detail", args=[in_tender.pk])).content.decode()
    assert 'data-testid="tender-countdown"' in page and "ZB-1" in page


def test_detail_shows_every_section(client, rep, tender):
    client.force_login(rep)
    response = client.get(detail(tender))
    html = response.content.decode()
    for testid in (
        "tender-overview",
        "tender-lots",
        "tender-files",
        "tender-decision",
        "tender-package",
        "tender-reviews",
        "tender-team",
        "tender-history",
    ):
        assert f'data-testid="{testid}"' in html, testid
    assert "None" not in html and "---------" not in html


def test_the_detail_page_runs_a_fixed_number_of_queries(client, rep, engineer, tender, django_assert_max_num_queries):
    client.force_login(rep)
    client.get(detail(tender))
    for n in range(6):
        services.lot_add(tender=tender, user=engineer, data={"number": f"包{n}", "name": "直流"})
        services.tender_file_add(tender=tender, user=engineer, file=upload(f"澄清{n}.pdf"), kind="clarification")
        services.task_add(tender=tender, user=engineer, data={"title": f"任务{n}", "owner": engineer})
    with django_assert_max_num_queries(45):
        assert client.get(detail(tender)).status_code == 200


def test_the_list_runs_a_fixed_number_of_queries(client, rep, engineer, in_tender, django_assert_max_num_queries):
    client.force_login(rep)
    register(in_tender, rep)
    client.get(reverse("tenders:list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("tenders:list"))
    assert response.status_code == 200 and response.context["total"] == 1


def test_file_upload_is_checked(client, engineer, tender):
    client.force_login(engineer)
    url = reverse("tenders:file_add", args=[tender.pk])
    client.post(url, {"kind": "tender_document", "file": upload("招标文件.exe", content=b"MZ\x90\x00")})
    assert not TenderFile.objects.exists()
    client.post(url, {"kind": "tender_document", "file": upload("招标文件.pdf")})
    assert TenderFile.objects.get().file_name == "招标文件.pdf"
    row = TenderFile.objects.get()
    assert client.get(reverse("tenders:file_download", args=[row.pk])).status_code == 200


def test_decision_page_keeps_the_reason_on_a_refusal(client, manager, tender):
    client.force_login(manager)
    url = reverse("tenders:decide", args=[tender.pk])
    response = client.post(url, {"decision": "bid", "reason": "关系良好，值得一投", "version": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Score every criterion first" in html and "关系良好，值得一投" in html


def test_a_bid_decided_on_the_page(client, manager, engineer, tender):
    score_all(tender, engineer)
    client.force_login(manager)
    response = client.post(reverse("tenders:decide", args=[tender.pk]), {"decision": "bid", "reason": "可投"})
    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.status == TenderStatus.BIDDING


def test_submit_button_shows_the_problems(client, engineer, bidding):
    client.force_login(engineer)
    response = client.post(reverse("tenders:submit", args=[bidding.pk]), follow=True)
    html = response.content.decode()
    assert "Review check not done" in html and "Required document missing" in html
    assert 'data-testid="submission-problems"' in html


def test_crafted_values_are_refused_not_500(client, engineer, tender):
    client.force_login(engineer)
    criterion_url = reverse("tenders:score", args=[tender.pk, 1])
    assert client.post(criterion_url, {"score": "99"}).status_code in (302, 404)
    review = tender.reviews.first()
    response = client.post(reverse("tenders:review", args=[review.pk]), {"result": "bogus", "version": "x"})
    assert response.status_code == 302
    assert client.get("/tenders/?status=%00&deadline=<script>&q=" + "长" * 500).status_code == 200


# Permissions --------------------------------------------------------------------------------


@pytest.fixture
def others_tender(other_rep, engineer, manager):
    customer = make_customer(other_rep, "宁波港集团")
    opportunity = make_opportunity(other_rep, customer, presales_lead=engineer)
    opportunity = walk_to(opportunity, "tender", worker=engineer, approver=manager)
    return register(opportunity, other_rep, number="ZB-OTHER")


def test_a_rep_never_sees_another_reps_tender(client, rep, tender, others_tender):
    client.force_login(rep)
    listed = client.get(reverse("tenders:list") + "?status=all").context["page"].object_list
    assert [t.pk for t in listed] == [tender.pk]
    assert client.get(detail(others_tender)).status_code == 404
    assert client.get(reverse("tenders:edit", args=[others_tender.pk])).status_code == 404
    assert client.post(reverse("tenders:submit", args=[others_tender.pk])).status_code == 404
    review = others_tender.reviews.first()
    assert client.post(reverse("tenders:review", args=[review.pk]), {"result": "pass"}).status_code == 404


@pytest.mark.parametrize(
    ("persona", "sees", "works", "decides"),
    [
        ("rep", True, True, False),
        ("other_rep", False, False, False),
        ("engineer", True, True, False),
        ("other_engineer", False, False, False),
        ("manager", True, True, True),
        ("sales_head", True, True, True),
        ("commercial", True, True, False),
        ("finance", True, False, False),
        ("admin_user", True, True, True),
    ],
)
def test_the_permission_matrix(client, request, tender, persona, sees, works, decides):
    from presales.tenders import access

    user = request.getfixturevalue(persona)
    assert (access.tenders_visible_to(user).filter(pk=tender.pk).exists()) is sees
    assert access.can_work_on(user, tender) is works
    assert access.can_decide(user, tender) is decides
    client.force_login(user)
    assert client.get(detail(tender)).status_code == (200 if sees else 404)


def test_my_work_shows_my_bids_with_their_countdown(client, engineer, tender):
    client.force_login(engineer)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="my-bids"' in html and f'data-testid="my-bid-{tender.pk}"' in html
    assert "left" in html  # "还有 …" in Chinese
