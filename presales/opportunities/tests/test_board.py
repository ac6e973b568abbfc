"""The pipeline board: a move is confirmed first, then both columns (cards, counts, 万元
totals) are re-rendered in place; the filters never widen what the user sees; each column
shows its newest cards up to the cap and links to the rest; a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from presales.opportunities import selectors
from presales.opportunities.models import Opportunity
from presales.testing import complete_stage, make_customer, make_opportunity

HTMX = {"HTTP_HX_REQUEST": "true"}
BOARD = reverse("opportunities:board")


def advance_url(opportunity) -> str:
    return reverse("opportunities:advance", args=[opportunity.pk])


def stage_of(opportunity) -> str:
    return Opportunity.objects.get(pk=opportunity.pk).current_stage.code


def column_html(html: str, code: str) -> str:
    """The HTML of one column's <section> (data-testid=column-<code>)."""
    start = html.index(f'data-testid="column-{code}"')
    return html[start : html.index("</section>", start)]


def codes(response, stage_code: str) -> list[str]:
    column = next(c for c in response.context["board"].columns if c.stage.code == stage_code)
    return [card.opportunity.code for card in column.cards]


def all_codes(response) -> set[str]:
    return {card.opportunity.code for column in response.context["board"].columns for card in column.cards}


# ---------------------------------------------------------------------------
# Ask before a move
# ---------------------------------------------------------------------------
def test_the_cards_button_asks_first_and_says_what_the_gate_needs(client, rep, opportunity, stages):
    client.force_login(rep)
    board_html = client.get(BOARD).content.decode()
    # The button only asks (hx-get): no form on the board posts a move by itself.
    assert f'hx-get="{advance_url(opportunity)}"' in board_html
    assert f'hx-post="{advance_url(opportunity)}"' not in board_html

    response = client.get(advance_url(opportunity), {"to_stage": stages["consulting"].pk}, **HTMX)

    assert response.status_code == 200
    assert stage_of(opportunity) == "contact"
    confirm = response.context["confirm"]
    assert (confirm.from_stage, confirm.to_stage, confirm.back) == (stages["contact"], stages["consulting"], False)
    html = response.content.decode()
    assert 'data-testid="confirm"' in html
    assert "接触" in html and "咨询" in html
    assert "《拜访记录（含客户初步需求）》" in section(html, "confirm-missing")
    assert 'name="confirm" value="1"' in html  # the confirmation is what posts


def section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</div>", start)]


@pytest.mark.parametrize("htmx", [False, True])
def test_a_post_without_confirm_does_not_move(client, rep, engineer, manager, opportunity, stages, htmx):
    complete_stage(opportunity, worker=engineer, approver=manager)
    client.force_login(rep)

    response = client.post(advance_url(opportunity), {"to_stage": stages["consulting"].pk}, **(HTMX if htmx else {}))

    assert response.status_code == 200
    assert response.context["confirm"].missing == []  # the gate is met, and still it only asks
    assert 'data-testid="confirm"' in response.content.decode()
    assert stage_of(opportunity) == "contact"


def test_a_get_of_the_advance_url_does_not_move(client, rep, engineer, manager, opportunity, stages):
    complete_stage(opportunity, worker=engineer, approver=manager)
    client.force_login(rep)

    response = client.get(advance_url(opportunity), {"to_stage": stages["consulting"].pk, "confirm": "1"})

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "opportunities/advance_confirm.html"
    assert stage_of(opportunity) == "contact"


def test_cancel_gives_the_card_back(client, rep, opportunity):
    client.force_login(rep)

    response = client.get(reverse("opportunities:board_card", args=[opportunity.pk]), **HTMX)

    assert response.status_code == 200
    assert 'data-testid="confirm"' not in response.content.decode()
    assert f'data-testid="card-{opportunity.code}"' in response.content.decode()


def test_the_card_of_an_opportunity_one_does_not_see_is_404(client, other_rep, opportunity):
    client.force_login(other_rep)
    assert client.get(reverse("opportunities:board_card", args=[opportunity.pk])).status_code == 404
    assert client.get(advance_url(opportunity)).status_code == 404


# ---------------------------------------------------------------------------
# After a move: both columns in place
# ---------------------------------------------------------------------------
def test_a_confirmed_move_rerenders_both_columns_with_counts_and_totals(
    client, rep, engineer, manager, opportunity, customer, stages
):
    make_opportunity(rep, customer, name="二期", expected_amount=Decimal("300000"))
    complete_stage(opportunity, worker=engineer, approver=manager)  # ¥1,200,000
    client.force_login(rep)
    before = client.get(BOARD)
    assert [c.count for c in before.context["board"].columns[:2]] == [2, 0]

    response = client.post(advance_url(opportunity), {"to_stage": stages["consulting"].pk, "confirm": "1"}, **HTMX)

    assert response.status_code == 200
    assert stage_of(opportunity) == "consulting"
    assert response.headers["HX-Reswap"] == "none"
    html = response.content.decode()
    contact, consulting = column_html(html, "contact"), column_html(html, "consulting")
    for column in (contact, consulting):
        assert 'hx-swap-oob="true"' in column
    assert 'data-testid="count">1<' in contact
    assert "30.00万元" in contact  # what is left: 二期
    assert f"card-{opportunity.code}" not in contact
    assert 'data-testid="count">1<' in consulting
    assert "120.00万元" in consulting
    assert f"card-{opportunity.code}" in consulting
    assert 'role="status"' in consulting
    assert 'data-testid="column-tracking"' not in html  # only the two columns the move touched


def test_a_move_keeps_the_boards_filters_in_the_rerendered_columns(
    client, rep, engineer, manager, opportunity, customer, stages
):
    make_opportunity(rep, customer, name="教育项目", industry="education")
    complete_stage(opportunity, worker=engineer, approver=manager)
    client.force_login(rep)

    response = client.post(
        advance_url(opportunity),
        {"to_stage": stages["consulting"].pk, "confirm": "1"},
        HTTP_HX_CURRENT_URL=f"http://testserver{BOARD}?industry=public_security",
        **HTMX,
    )

    contact = column_html(response.content.decode(), "contact")
    assert 'data-testid="count">0<' in contact  # the education one is filtered out, as on the page
    assert "industry=public_security" in response.context["board"].query


def test_a_refused_drop_keeps_the_card_in_its_column(client, rep, opportunity, stages):
    client.force_login(rep)

    response = client.post(advance_url(opportunity), {"to_stage": stages["tracking"].pk, "confirm": "1"}, **HTMX)

    assert response.status_code == 200
    assert response.context["refusal"]
    assert "HX-Reswap" not in response.headers
    assert stage_of(opportunity) == "contact"


# ---------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------
@pytest.fixture
def spread(rep, other_rep, engineer, customer):
    """Three opportunities of `rep` and two of `other_rep`, of various industries, amounts, dates."""
    school = make_customer(other_rep, "西湖区教育局", industry="education")
    return {
        "a": make_opportunity(rep, customer, name="甲", expected_amount=Decimal("100000"),
                              expected_sign_date=date(2027, 1, 10)),
        "b": make_opportunity(rep, customer, name="乙", expected_amount=Decimal("900000"),
                              expected_sign_date=date(2027, 6, 1), industry="education"),
        "c": make_opportunity(rep, customer, name="丙", expected_amount=Decimal("5000000"),
                              expected_sign_date=date(2027, 12, 1)),
        "x": make_opportunity(other_rep, school, name="他的一", expected_amount=Decimal("900000"),
                              expected_sign_date=date(2027, 6, 1)),
        "y": make_opportunity(other_rep, school, name="他的二", presales_lead=engineer),
    }  # fmt: skip


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"industry": "education"}, {"b"}),
        ({"amount_min": "500000", "amount_max": "1000000"}, {"b"}),
        ({"sign_from": "2027-05-01", "sign_to": "2027-12-31"}, {"b", "c"}),
        ({"industry": "public_security", "amount_min": "200000"}, {"c"}),
        ({"mine": "1"}, {"a", "b", "c"}),
        ({}, {"a", "b", "c"}),
    ],
)
def test_filters_narrow_the_reps_board(client, rep, spread, query, expected):
    client.force_login(rep)

    response = client.get(BOARD, query)

    assert all_codes(response) == {spread[k].code for k in expected}
    assert sum(c.count for c in response.context["board"].columns) == len(expected)


def test_a_rep_never_sees_anothers_opportunity_through_a_filter(client, rep, other_rep, spread):
    client.force_login(rep)

    by_owner = client.get(BOARD, {"owner": other_rep.pk})
    by_match = client.get(BOARD, {"industry": "education", "amount_min": "900000", "amount_max": "900000"})

    assert all_codes(by_owner) == set()
    assert sum(c.count for c in by_owner.context["board"].columns) == 0
    assert all_codes(by_match) == {spread["b"].code}  # not 他的一, which matches as well
    # Only the sales owners of what he sees are offered.
    offered = list(by_owner.context["board"].filter.form.fields["owner"].queryset)
    assert offered == [rep]
    assert "李销售" not in by_owner.content.decode()


def test_the_manager_filters_by_owner(client, manager, other_rep, spread):
    client.force_login(manager)

    response = client.get(BOARD, {"owner": other_rep.pk})

    assert all_codes(response) == {spread["x"].code, spread["y"].code}
    assert "李销售" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"amount_min": "abc"}, {"amount_max": "1e40"}, {"sign_from": "2027-13-45"}, {"owner": "99999999999999999999"},
     {"industry": "<script>"}, {"mine": "x"}, {"amount_min": "-5"}],
)  # fmt: skip
def test_crafted_filters_are_refused_without_a_crash(client, rep, spread, query):
    client.force_login(rep)

    response = client.get(BOARD, query)

    assert response.status_code == 200
    assert response.context["board"].filter.form.errors
    assert all_codes(response) <= {spread[k].code for k in "abc"}


# ---------------------------------------------------------------------------
# The cap: newest first, and the "more" link
# ---------------------------------------------------------------------------
def test_a_full_column_shows_the_newest_and_links_to_the_rest(client, monkeypatch, manager, rep, customer):
    monkeypatch.setattr(selectors, "BOARD_CARDS_PER_COLUMN", 3)
    made = [make_opportunity(rep, customer, name=f"项目{i}", industry="education") for i in range(5)]
    now = timezone.now()
    # Touched in this order, oldest first: 2, 0, 4, 1, 3 (the newest).
    for age, i in enumerate([3, 1, 4, 0, 2]):
        Opportunity.objects.filter(pk=made[i].pk).update(updated_at=now - timedelta(hours=age))
    client.force_login(manager)

    response = client.get(BOARD, {"industry": "education"})

    assert codes(response, "contact") == [made[3].code, made[1].code, made[4].code]
    column = response.context["board"].columns[0]
    assert (column.count, column.more) == (5, 2)
    more = column_html(response.content.decode(), "contact")
    href = more[more.index('data-testid="more" href="') + len('data-testid="more" href="') :].split('"')[0]
    url = urlsplit(href.replace("&amp;", "&"))
    assert url.path == reverse("opportunities:list")
    assert parse_qs(url.query) == {"stage": [str(column.stage.pk)], "status": ["active"], "industry": ["education"]}
    # The list it opens holds the same five.
    listed = client.get(href.replace("&amp;", "&"))
    assert listed.context["total"] == 5
    assert "2 more" in more or "还有" in more


def test_a_column_under_the_cap_has_no_more_link(client, rep, opportunity):
    client.force_login(rep)
    assert 'data-testid="more"' not in client.get(BOARD).content.decode()


# ---------------------------------------------------------------------------
# Queries: fixed, whatever the rows and the filters
# ---------------------------------------------------------------------------
def add_rows(owner, customer, stages, n: int) -> None:
    """`n` opportunities spread over the six stages."""
    ordered = sorted(stages.values(), key=lambda s: s.order)
    for i in range(n):
        o = make_opportunity(owner, customer, name=f"批量{i}", expected_amount=Decimal(100000 + i))
        Opportunity.objects.filter(pk=o.pk).update(current_stage=ordered[i % len(ordered)])


def count_queries(client, query) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(BOARD, query)
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("persona", ["manager", "rep"])
def test_the_board_reads_a_fixed_number_of_queries_at_two_sizes(request, client, customer, rep, stages, persona):
    client.force_login(request.getfixturevalue(persona))
    query = {"amount_min": "1", "sign_to": "", "owner": rep.pk}
    add_rows(rep, customer, stages, 8)
    client.get(BOARD, query)  # warm-up

    small, response_small = count_queries(client, query)
    add_rows(rep, customer, stages, 70)
    large, response_large = count_queries(client, query)

    assert len(all_codes(response_large)) > len(all_codes(response_small)) > 0
    assert small == large
    assert large <= 15
