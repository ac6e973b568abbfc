"""The tender services: register, decide, package, review, submit, outcome."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from presales.events.models import Event
from presales.lib.services import ServiceError
from presales.opportunities.models import Deliverable, DeliverableStatus, OpportunityStatus
from presales.opportunities.services import gate_missing
from presales.tenders import checks, services
from presales.tenders.models import (
    BidCriterion,
    PackageItem,
    PackageItemType,
    ReviewItemTemplate,
    Tender,
    TenderReview,
    TenderStatus,
)
from presales.tenders.tests.conftest import make_ready, register, score_all, tender_data
from presales.testing import upload

pytestmark = pytest.mark.django_db


def deliverable_names(opportunity) -> set[str]:
    return set(
        Deliverable.objects.filter(opportunity=opportunity, status=DeliverableStatus.APPROVED).values_list(
            "deliverable_type__name", flat=True
        )
    )


# Register -----------------------------------------------------------------------------------


def test_register_refused_outside_the_tender_stages(opportunity, rep):
    with pytest.raises(ServiceError) as refusal:
        register(opportunity, rep)
    assert "“招标”、“投标”" in refusal.value.messages[0] and "“接触”" in refusal.value.messages[0]
    assert not Tender.objects.exists()


def test_register_copies_the_checklists_and_records_the_tender_document(in_tender, rep):
    assert (
        "Deliverable missing: 《招标文件》 — it comes from: The tender registered on the tender page"
        in gate_missing(in_tender)
    )
    tender = register(in_tender, rep)

    assert tender.status == TenderStatus.REGISTERED
    assert tender.buyer == in_tender.customer.name  # the customer by default
    assert tender.reviews.count() == ReviewItemTemplate.objects.filter(is_active=True).count() > 10
    assert set(tender.package.values_list("item_type__name", flat=True)) == set(
        PackageItemType.objects.filter(required=True).values_list("name", flat=True)
    )
    assert "招标文件" in deliverable_names(in_tender)
    assert not any(m.startswith("Deliverable missing: 《招标文件》") for m in gate_missing(in_tender))
    assert Event.objects.filter(kind="tenders.registered", opportunity=in_tender).count() == 1


def test_the_tender_and_the_decision_tick_their_checklist_items(in_tender, rep, engineer, manager):
    from presales.opportunities.models import OpportunityTask

    def item(title):
        return OpportunityTask.objects.get(opportunity=in_tender, title__startswith=title)

    assert not item("购买/下载并登记招标文件").is_done
    tender = register(in_tender, rep)
    registered = item("购买/下载并登记招标文件")
    assert (registered.is_done, registered.done_by) == (True, rep)
    assert Event.objects.filter(kind="opportunities.task_done", subject_id=registered.pk, actor=rep).exists()
    assert not item("组织投标决策").is_done and not item("研究招标文件").is_done  # by hand

    score_all(tender, engineer)
    services.decision_record(tender=tender, user=manager, decision="bid", reason="产品匹配")
    assert (item("组织投标决策").is_done, item("组织投标决策").done_by) == (True, manager)


def test_one_open_tender_per_opportunity(tender, rep, in_tender):
    with pytest.raises(ServiceError, match="already has an open tender"):
        register(in_tender, rep, number="AGAIN")
    services.tender_cancel(tender=tender, user=rep, reason="招标人终止招标")
    again = register(in_tender, rep, number="ZJDL-2026-018-2")
    assert again.status == TenderStatus.REGISTERED


def test_register_lists_every_problem(in_tender, rep):
    now = timezone.now()
    with pytest.raises(ServiceError) as refusal:
        register(
            in_tender,
            rep,
            number=" ",
            submission_due_at=now + timedelta(days=3),
            questions_due_at=now + timedelta(days=4),
            opening_at=now + timedelta(days=2),
        )
    assert refusal.value.messages == [
        "Give the tender number.",
        "Questions are due before the bid submission deadline.",
        "The bid opening is at or after the submission deadline.",
    ]


def test_an_outsider_cannot_register(in_tender, other_rep):
    with pytest.raises(PermissionDenied):
        register(in_tender, other_rep)


def test_update_refuses_a_stale_copy(tender, rep, engineer):
    seen = tender.version
    services.tender_update(tender=tender, user=engineer, data={"agency": "另一家代理"}, seen_version=seen)
    with pytest.raises(ServiceError, match="Changed by 张工"):
        services.tender_update(tender=tender, user=rep, data={"title": "改名"}, seen_version=seen)
    tender.refresh_from_db()
    assert tender.agency == "另一家代理" and tender.title != "改名"


def test_lots(tender, engineer):
    lot = services.lot_add(
        tender=tender, user=engineer, data={"number": "包1", "name": "直流电源", "budget": Decimal("800000")}
    )
    with pytest.raises(ServiceError, match="already has a lot 包1"):
        services.lot_add(tender=tender, user=engineer, data={"number": "包1", "name": "重复"})
    services.lot_update(lot=lot, user=engineer, data={"bid": False})
    lot.refresh_from_db()
    assert lot.bid is False
    services.lot_remove(lot=lot, user=engineer)
    assert not tender.lots.exists()


# The decision -------------------------------------------------------------------------------


def test_recommendation_is_weighted_and_shows_the_threshold(tender, engineer):
    criteria = list(BidCriterion.objects.filter(is_active=True))
    for criterion, value in zip(criteria, [5, 5, 1, 1, 1], strict=True):
        services.decision_score(tender=tender, user=engineer, criterion=criterion, score=value)
    advice = services.recommendation(tender.decision)
    weights = [c.weight for c in criteria]
    expected = Decimal(sum(w * s for w, s in zip(weights, [5, 5, 1, 1, 1], strict=True))) / sum(weights)
    assert advice.score == expected.quantize(Decimal("0.01"))
    assert advice.threshold == services.BID_THRESHOLD
    assert advice.recommend == ("bid" if expected >= services.BID_THRESHOLD else "no_bid")
    assert advice.complete


def test_score_out_of_range_refused(tender, engineer):
    criterion = BidCriterion.objects.first()
    for bad in (0, 6, "x"):
        with pytest.raises(ServiceError, match="Score from 1 to 5"):
            services.decision_score(tender=tender, user=engineer, criterion=criterion, score=bad)


def test_decision_needs_every_score_and_a_reason(tender, manager, engineer):
    with pytest.raises(ServiceError) as refusal:
        services.decision_record(tender=tender, user=manager, decision="bid", reason="")
    assert refusal.value.messages[0] == "Give the reason for the decision."
    assert refusal.value.messages[1].startswith("Score every criterion first: 产品匹配度")


@pytest.mark.parametrize("who", ["rep", "engineer", "commercial"])
def test_only_managers_decide(tender, engineer, request, who):
    score_all(tender, engineer)
    with pytest.raises(PermissionDenied):
        services.decision_record(tender=tender, user=request.getfixturevalue(who), decision="bid", reason="x")


def test_bid_starts_the_bid_and_records_the_decision(tender, engineer, sales_head, in_tender):
    score_all(tender, engineer)
    services.decision_record(tender=tender, user=sales_head, decision="bid", reason="关系良好")
    tender.refresh_from_db()
    assert tender.status == TenderStatus.BIDDING
    assert "投标决策" in deliverable_names(in_tender)
    # 招标's outputs are there: the tender registered, the decision made (its tasks remain)
    assert [m for m in gate_missing(in_tender) if m.startswith("Deliverable")] == []
    with pytest.raises(ServiceError, match="already made"):
        services.decision_record(tender=tender, user=sales_head, decision="no_bid", reason="改主意")


def test_no_bid_closes_the_opportunity_as_abandoned(tender, engineer, manager, in_tender):
    score_all(tender, engineer, score=1)
    services.decision_record(tender=tender, user=manager, decision="no_bid", reason="资质不满足")
    tender.refresh_from_db()
    in_tender.refresh_from_db()
    assert tender.status == TenderStatus.NO_BID
    assert in_tender.status == OpportunityStatus.ABANDONED
    assert "资质不满足" in in_tender.close_reason and tender.number in in_tender.close_reason


# Package, reviews and submission ------------------------------------------------------------


def test_submission_refusal_lists_each_problem(bidding, engineer, monkeypatch):
    first_review = bidding.reviews.order_by("kind", "order", "pk").first()
    services.review_set_result(review=first_review, user=engineer, result="fail", comment="格式不符")
    monkeypatch.setattr(checks, "_checks", [lambda tender: ["★ clauses unanswered: 5.1.1"]])
    with pytest.raises(ServiceError) as refusal:
        services.tender_mark_submitted(tender=bidding, user=engineer)
    problems = refusal.value.messages
    assert problems[0] == f"Review check failed: {first_review.text} (格式不符)"
    pending = TenderReview.objects.filter(tender=bidding, result="pending").count()
    assert sum(p.startswith("Review check not done:") for p in problems) == pending
    required = PackageItem.objects.filter(tender=bidding, required=True).count()
    assert sum(p.startswith("Required document missing:") for p in problems) == required
    assert problems[-1] == "★ clauses unanswered: 5.1.1"
    bidding.refresh_from_db()
    assert bidding.status == TenderStatus.BIDDING


def test_submission_goes_through_when_everything_is_done(bidding, engineer, manager):
    make_ready(bidding, engineer, manager)
    assert services.submission_problems(bidding) == []
    services.tender_mark_submitted(tender=bidding, user=engineer)
    bidding.refresh_from_db()
    assert bidding.status == TenderStatus.SUBMITTED


def test_the_cross_review_is_another_pair_of_eyes(bidding, engineer, manager):
    self_check = bidding.reviews.filter(kind="self").first()
    cross_check = bidding.reviews.filter(kind="cross").first()
    services.review_set_result(review=self_check, user=engineer, result="pass")
    with pytest.raises(ServiceError, match="the cross-review is done by another colleague"):
        services.review_set_result(review=cross_check, user=engineer, result="pass")
    services.review_set_result(review=cross_check, user=manager, result="fail", comment="日期不一致")
    with pytest.raises(ServiceError, match="the self-review is done by the bid's authors"):
        services.review_set_result(review=self_check, user=manager, result="pass")
    cross_check.refresh_from_db()
    assert (cross_check.result, cross_check.reviewer) == ("fail", manager)
    # Setting one's own self-review check back to pending stays possible.
    services.review_set_result(review=self_check, user=engineer, result="pending")


def test_a_failed_check_needs_a_comment(bidding, engineer):
    with pytest.raises(ServiceError, match="Say what is wrong"):
        services.review_set_result(review=bidding.reviews.first(), user=engineer, result="fail")


def test_an_expired_library_document_is_flagged(bidding, engineer, manager, admin_user):
    from presales.knowledge import services as library
    from presales.knowledge.models import Folder

    folder = Folder.objects.get(library__code="tender", name="型式试验报告")
    document = library.document_create(
        user=admin_user,
        folder=folder,
        data={"title": "IMPS48/150 型式试验报告", "review_interval_months": 12},
        file=upload("型式试验报告.pdf"),
    )
    library.document_publish(document=document, user=admin_user)
    item = bidding.package.get(item_type__name="型式试验报告")
    services.package_item_attach_document(item=item, user=engineer, document=document)
    make_ready(bidding, engineer, manager)  # gives every other item a file (this one too: re-attach below)
    services.package_item_attach_document(item=item, user=engineer, document=document)
    document.valid_until = timezone.localdate() - timedelta(days=1)
    document.save(update_fields=["valid_until"])

    with pytest.raises(ServiceError) as refusal:
        services.tender_mark_submitted(tender=bidding, user=engineer)
    assert refusal.value.messages == [
        f"Document expired: 型式试验报告 — “IMPS48/150 型式试验报告” was valid until {document.valid_until.isoformat()}"
    ]
    with pytest.raises(ServiceError, match="expired on"):
        services.package_item_attach_document(item=item, user=engineer, document=document)


# Outcome ------------------------------------------------------------------------------------


@pytest.fixture
def submitted(bidding, engineer, manager):
    make_ready(bidding, engineer, manager)
    return services.tender_mark_submitted(tender=bidding, user=engineer)


def test_award_records_the_deliverable_with_the_file(submitted, rep, in_tender):
    outcome = services.outcome_award(
        tender=submitted, user=rep, file=upload("中标通知书.pdf"), amount=Decimal("960000")
    )
    submitted.refresh_from_db()
    assert submitted.status == TenderStatus.AWARDED
    deliverable = Deliverable.objects.get(opportunity=in_tender, deliverable_type__name="中标公告函")
    assert deliverable.status == DeliverableStatus.APPROVED
    assert deliverable.file.name == outcome.file.name
    in_tender.refresh_from_db()
    assert in_tender.status == OpportunityStatus.ACTIVE  # the project goes on to 实施


def test_award_needs_the_notice_and_a_submitted_bid(bidding, rep):
    with pytest.raises(ServiceError, match="once the bid is submitted"):
        services.outcome_award(tender=bidding, user=rep, file=upload("中标通知书.pdf"))


def test_loss_closes_the_opportunity_lost_to_the_winner(submitted, rep, in_tender):
    services.outcome_loss(
        tender=submitted, user=rep, winning_competitor="许继电气", winning_price=Decimal("880000"), reasons="价格高"
    )
    in_tender.refresh_from_db()
    assert in_tender.status == OpportunityStatus.LOST
    assert in_tender.winning_competitor == "许继电气"
    assert submitted.outcome.winning_price == Decimal("880000")


def test_loss_needs_the_winner_and_reasons(submitted, rep):
    with pytest.raises(ServiceError) as refusal:
        services.outcome_loss(tender=submitted, user=rep, winning_competitor="", reasons="")
    assert len(refusal.value.messages) == 2


def test_the_engineer_cannot_record_the_outcome(submitted, engineer):
    with pytest.raises(PermissionDenied):
        services.outcome_loss(tender=submitted, user=engineer, winning_competitor="X", reasons="Y")


def test_the_register_data_is_bounded(in_tender, rep):
    with pytest.raises(ServiceError):
        services.tender_register(opportunity=in_tender, user=rep, data=tender_data(title="长" * 201))


def test_a_loss_shows_on_the_competitor_profile_with_price_and_reasons(submitted, rep, manager, client):
    from django.urls import reverse

    from presales.knowledge.services import cases

    competitor = cases.competitor_create(user=manager, data={"name": "许继电气", "aliases": "许继"})
    services.outcome_loss(
        tender=submitted, user=rep, winning_competitor="许继", winning_price=Decimal("880000"), reasons="价格高6%"
    )
    client.force_login(rep)
    html = client.get(reverse("competitors:detail", args=[competitor.pk])).content.decode()
    assert 'data-testid="tender-losses"' in html and "价格高6%" in html and "880,000.00" in html


def test_the_document_page_shows_its_validity(client, admin_user):
    from django.urls import reverse

    from presales.knowledge import services as library
    from presales.knowledge.models import Folder

    document = library.document_create(
        user=admin_user,
        folder=Folder.objects.get(library__code="tender", name="生产许可证"),
        data={
            "title": "生产许可证",
            "review_interval_months": 12,
            "valid_until": timezone.localdate() - timedelta(days=1),
        },
        file=upload("生产许可证.pdf"),
    )
    client.force_login(admin_user)
    html = client.get(reverse("knowledge:document", args=[document.pk])).content.decode()
    assert 'data-testid="valid-until"' in html and 'data-testid="validity-expired"' in html
