"""The search pages: /search/ (tabs, facets, highlighted results, pages) and the navigation
box's /search/suggest/ — signed-in users only, each seeing only his rows, in a fixed number
of queries, with every crafted parameter answered by a message instead of a 500."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from presales.search.services import indexing_paused, reindex
from presales.search.tests.ui import conftest as build
from presales.testing import make_customer

pytestmark = pytest.mark.django_db

URL = reverse("search:results")
SUGGEST = reverse("search:suggest")


def customers(owner, n, word="直流屏", start=0):
    with indexing_paused():
        made = [
            make_customer(owner, f"{word}客户{i:02d}", industry="power_grid" if i % 2 else "rail")
            for i in range(start, start + n)
        ]
    reindex(["customer"])
    return made


def hits(response) -> list[str]:
    return re.findall(r'data-testid="hit-title">(.*?)</a>', response.content.decode())


def test_anonymous_users_are_sent_to_log_in(client):
    for url in (URL + "?q=直流屏", SUGGEST + "?q=直流屏"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_signed_out_box_sends_the_whole_page_to_log_in(client):
    response = client.get(
        SUGGEST, {"q": "直流屏"}, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/quotes/"
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("login") + "?next=/quotes/"


def test_an_empty_query_shows_a_hint(client, rep):
    client.force_login(rep)
    response = client.get(URL)
    assert response.status_code == 200
    assert b'data-testid="search-hint"' in response.content
    assert b'data-testid="search-results"' not in response.content


def test_no_results_says_what_to_try(client, rep):
    client.force_login(rep)
    customers(rep, 2)
    response = client.get(URL, {"q": "完全不存在的词", "industry": "rail"})
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="no-results"' in body
    assert "Check the spelling" in body and "Use fewer words" in body and "Remove the filters" in body


def _page_queries(client, n_before: int, n: int, owner) -> tuple[int, int]:
    customers(owner, n - n_before, start=n_before)
    client.get(URL, {"q": "直流屏"})  # the admin's words, loaded once per process, are not the page's
    with CaptureQueriesContext(connection) as page:
        response = client.get(URL, {"q": "直流屏", "industry": "rail"})
    assert response.status_code == 200
    assert len(hits(response)) == min(n // 2, 20)
    with CaptureQueriesContext(connection) as box:
        assert client.get(SUGGEST, {"q": "直流"}).status_code == 200
    return len(page), len(box)


def test_the_page_and_the_box_run_a_fixed_number_of_queries(client, rep):
    """Session, user and roles, the nav bar's counts, each source's visibility (the library's
    folder rights), then one query each for the hits, the count and the facets."""
    client.force_login(rep)
    few = _page_queries(client, 0, 4, rep)
    many = _page_queries(client, 4, 30, rep)
    assert few == many
    assert few[0] <= 16 and few[1] <= 10


def test_a_rep_sees_only_his_rows_a_manager_all(client, rep, other_rep, manager, indexed):
    with indexed():
        mine = build.opportunity(rep, name="直流屏改造工程")
        theirs = build.opportunity(other_rep, name="直流屏扩容项目")
    client.force_login(rep)
    body = client.get(URL, {"q": "直流屏"}).content.decode()
    assert mine.name.replace("直流屏", "<mark>直流屏</mark>") in body
    assert "扩容项目" not in body and theirs.code not in body
    tab = re.search(r'data-testid="type-tab-opportunity">.*?<span[^>]*>(\d+)</span>', body, re.S)
    assert tab.group(1) == "1"
    suggestions = client.get(SUGGEST, {"q": "直流屏"}).content.decode()
    assert "改造工程" in suggestions and "扩容项目" not in suggestions
    client.force_login(manager)
    body = client.get(URL, {"q": "直流屏", "type": "opportunity"}).content.decode()
    assert "改造工程" in body and "扩容项目" in body


def test_titles_are_escaped_with_the_marks_kept(client, rep, indexed):
    with indexed():
        build.opportunity(rep, name="<script>alert(1)</script>直流屏")
    client.force_login(rep)
    for url in (URL, SUGGEST):
        body = client.get(url, {"q": "直流屏"}).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>直流屏</mark>" in body, url
        assert "<script>alert(1)" not in body


def test_results_are_paged(client, rep):
    client.force_login(rep)
    customers(rep, 25)
    first = client.get(URL, {"q": "直流屏"})
    body = first.content.decode()
    assert len(hits(first)) == 20 and "25 results" in body
    next_link = re.search(r'href="\?([^"]*)" data-testid="next-page"', body).group(1).replace("&amp;", "&")
    assert "page=2" in next_link and "q=" in next_link
    second = client.get(f"{URL}?{next_link}")
    assert len(hits(second)) == 5
    assert not set(hits(first)) & set(hits(second))


def test_facet_links_add_a_filter_and_the_chip_removes_it(client, rep):
    client.force_login(rep)
    customers(rep, 6)
    body = client.get(URL, {"q": "直流屏"}).content.decode()
    facet = re.search(r'data-testid="facet-industry">.*?</div>\s*</div>', body, re.S).group(0)
    links = dict(
        (label, href.replace("&amp;", "&"))
        for href, label in re.findall(r'href="\?([^"]*)"[^>]*>\s*<span class="me-2 text-break">([^<]*)</span>', facet)
    )
    assert set(links) == {"Power grid", "Rail transit"}
    assert "industry=rail" in links["Rail transit"]
    filtered = client.get(f"{URL}?{links['Rail transit']}")
    body = filtered.content.decode()
    assert len(hits(filtered)) == 3 and "3 results" in body
    chip = re.search(r'<a [^>]*href="\?([^"]*)" data-testid="active-filter"', body).group(1).replace("&amp;", "&")
    assert "industry" not in chip and "q=" in chip
    assert len(hits(client.get(f"{URL}?{chip}"))) == 6


def test_type_tabs_filter_and_keep_their_counts(client, rep, commercial, indexed):
    with indexed():
        build.opportunity(rep, name="直流屏改造工程")
        build.product(commercial, name="直流屏主屏")
    client.force_login(rep)
    body = client.get(URL, {"q": "直流屏", "type": "product"}).content.decode()
    assert len(re.findall('data-testid="search-hit"', body)) == 1 and "直流屏</mark>主屏" in body
    assert re.search(r'data-testid="type-tab-opportunity">.*?>1</span>', body, re.S)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "直流屏", "page": "abc"}, "The page must be a whole number"),
        ({"q": "直流屏", "page": "0"}, "The page must be a whole number"),
        ({"q": "直流屏", "page": "9" * 40}, "The page must be a whole number"),
        ({"q": "直流屏", "page": "٣"}, "The page must be a whole number"),
        ({"q": "直流屏", "year": "20x6"}, "The year must be a whole number"),
        ({"q": "直流屏", "year": "99999"}, "The year must be a whole number"),
        ({"q": "直流屏", "type": "<b>nope</b>"}, "There is no such type of result."),
    ],
)
def test_crafted_parameters_get_a_message_not_a_500(client, rep, params, message):
    client.force_login(rep)
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert b"<b>nope</b>" not in response.content


def test_a_long_query_is_cut_and_odd_characters_do_no_harm(client, rep):
    client.force_login(rep)
    customers(rep, 2)
    response = client.get(URL, {"q": "直流屏" + "长" * 500})
    assert response.status_code == 200
    assert 'value="直流屏' + "长" * 97 + '"' in response.content.decode()
    for q in ('"', "a\x00b", "NEAR(", "*", "-", "OR", "'; DROP TABLE x; --", "\\"):
        assert client.get(URL, {"q": q}).status_code == 200, q
        assert client.get(SUGGEST, {"q": q}).status_code == 200, q
    assert client.get(URL, {"q": "直流屏", "page": "40"}).status_code == 200  # past the end: the last page


def test_every_page_has_the_navigation_box(client, rep):
    client.force_login(rep)
    body = client.get(reverse("home")).content.decode()
    box = re.search(r'<input[^>]*data-testid="nav-search"[^>]*>', body, re.S).group(0)
    assert f'hx-get="{SUGGEST}"' in box and 'name="q"' in box
    assert 'hx-trigger="input changed delay:250ms"' in box  # not on "search": Enter submits the form
    assert f'action="{URL}"' in body and 'data-testid="nav-search-results"' in body
    assert "js/search" in body


def test_the_suggestions_show_the_top_eight_with_a_link_to_all(client, rep):
    client.force_login(rep)
    customers(rep, 12)
    body = client.get(SUGGEST, {"q": "直流屏"}).content.decode()
    assert body.count('data-testid="nav-search-hit"') == 8
    assert "<mark>直流屏</mark>" in body
    assert f'href="{URL}?q=%E7%9B%B4%E6%B5%81%E5%B1%8F"' in body
    assert client.get(SUGGEST, {"q": ""}).content.strip() == b""
