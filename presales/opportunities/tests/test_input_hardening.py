"""Crafted values, someone else's name as owner and unbounded text on opportunities (issue 8):
each gets a form error, a refusal or a 404 — never a 500, never a stored megabyte."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from presales.events.models import Event
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import ServiceError
from presales.opportunities import events as opportunity_events
from presales.opportunities import services
from presales.opportunities.models import Activity, Opportunity
from presales.testing import browser

HUGE = "99999999999999999999"


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids)."""
    with translation.override("en"):
        yield


# ---------------------------------------------------------------------------
# Crafted ids
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("crafted", ["abc", "", HUGE, "-1", "1.5", "²"])
@pytest.mark.parametrize("htmx", [False, True])
def test_advance_to_a_crafted_stage_is_404_and_moves_nothing(rep, opportunity, crafted, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = browser(rep).post(
        reverse("opportunities:advance", args=[opportunity.pk]), {"to_stage": crafted}, **headers
    )
    assert response.status_code == 404
    assert Opportunity.objects.get(pk=opportunity.pk).current_stage_id == opportunity.current_stage_id


def test_advance_with_repeated_stage_takes_one(rep, opportunity, stages):
    response = browser(rep).post(
        reverse("opportunities:advance", args=[opportunity.pk]),
        {"to_stage": ["abc", stages["consulting"].pk], "confirm": "1"},
    )
    assert response.status_code == 302  # refused by the gate, with its message: not a crash


@pytest.mark.parametrize("crafted", ["abc", HUGE, "-1", "", "²"])
def test_new_opportunity_from_a_crafted_customer_link(rep, customer, crafted):
    response = browser(rep).get(f"{reverse('opportunities:create')}?customer={crafted}")
    assert response.status_code == 200
    assert response.context["form"]["customer"].value() is None


def test_new_opportunity_from_a_customer_link_fills_the_customer(rep, customer):
    response = browser(rep).get(f"{reverse('opportunities:create')}?customer={customer.pk}")
    assert response.context["form"]["customer"].value() == customer.pk


@pytest.mark.parametrize("name", ["opportunities:detail", "opportunities:edit", "opportunities:advance"])
def test_ids_above_the_column_in_urls_are_404(rep, name):
    client = browser(rep)
    call = client.post if name.endswith("advance") else client.get
    assert call(reverse(name, args=[int(HUGE)])).status_code == 404


# ---------------------------------------------------------------------------
# The sales owner of a new opportunity
# ---------------------------------------------------------------------------
def new_opportunity(customer, **extra) -> dict:
    return {"name": "新商机", "customer": customer.pk, "industry": "public_security", **extra}


def test_a_rep_is_not_offered_the_owner_and_his_new_opportunity_is_his(rep, other_rep, customer):
    client = browser(rep)
    assert "sales_owner" not in client.get(reverse("opportunities:create")).context["form"].fields

    response = client.post(reverse("opportunities:create"), new_opportunity(customer, sales_owner=other_rep.pk))

    assert response.status_code == 302
    assert Opportunity.objects.get(name="新商机").sales_owner == rep


def test_the_service_refuses_a_rep_naming_another_owner(rep, other_rep, customer):
    with pytest.raises(ServiceError) as exc:
        services.opportunity_create(
            user=rep, data={"name": "替别人建", "customer": customer, "sales_owner": other_rep, "industry": "x"}
        )
    assert "Only managers" in exc.value.messages[0]
    assert not Opportunity.objects.filter(name="替别人建").exists()


def test_a_manager_opens_one_for_a_rep(manager, rep, customer):
    client = browser(manager)
    assert "sales_owner" in client.get(reverse("opportunities:create")).context["form"].fields
    response = client.post(reverse("opportunities:create"), new_opportunity(customer, sales_owner=rep.pk))
    assert response.status_code == 302
    assert Opportunity.objects.get(name="新商机").sales_owner == rep


def test_a_manager_cannot_leave_an_opportunity_without_owner(manager, opportunity, rep):
    from presales.opportunities.tests.helpers import form_payload

    response = browser(manager).post(
        reverse("opportunities:edit", args=[opportunity.pk]), form_payload(opportunity, sales_owner="")
    )
    assert response.status_code == 200 and response.context["form"].errors["sales_owner"]
    assert Opportunity.objects.get(pk=opportunity.pk).sales_owner == rep


# ---------------------------------------------------------------------------
# Free text
# ---------------------------------------------------------------------------
MEGABYTE = "拜" + "x" * (1024 * 1024)


def test_a_megabyte_of_activity_text_is_refused_and_kept_in_the_form(rep, opportunity):
    response = browser(rep).post(
        reverse("opportunities:activity_create", args=[opportunity.pk]),
        {"kind": "visit", "occurred_on": "2026-03-02", "subject": "拜访信息中心", "outcome": MEGABYTE},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["outcome"]
    assert errors and "2000" in errors[0].replace(",", "")
    assert response.context["form"]["outcome"].value() == MEGABYTE  # nothing typed is lost
    assert not Activity.objects.exists()


def test_the_service_refuses_it_too(rep, opportunity):
    with pytest.raises(ServiceError) as exc:
        services.activity_log(
            opportunity=opportunity,
            user=rep,
            data={"kind": "note", "occurred_on": "2026-03-02", "subject": "s", "outcome": "x" * (TEXT_SHORT + 1)},
        )
    assert "at most 2,000 characters" in exc.value.messages[0]
    assert not Activity.objects.exists()


def test_an_unbounded_reason_to_move_back_is_refused(rep, opportunity, engineer, manager, stages):
    from presales.testing import walk_to

    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager)
    with pytest.raises(ServiceError):
        services.opportunity_advance(
            opportunity=opportunity, user=rep, to_stage=stages["contact"], reason="r" * (TEXT_SHORT + 1)
        )
    assert not Event.objects.filter(kind=opportunity_events.STAGE_MOVED_BACK).exists()
