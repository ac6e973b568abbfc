"""The quote API at a real department's size (issue 11): a list of versions nests no lines
(a line count and a link to them), one version read by id nests a bounded number, the lines
list filters by version, and every list runs as many queries at 10 lines as at 200."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from presales.quotes import api as quotes_api
from presales.quotes import services
from presales.quotes.models import QuoteLine
from presales.quotes.tests.conftest import COST_A
from presales.quotes.tests.test_large_version import bulk_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(settings):
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.LANGUAGE_CODE = "en"
    return client


def _count(api, url):
    api.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def test_a_list_of_versions_carries_no_lines_but_their_count_and_address(api, rep, priced):
    api.force_authenticate(rep)
    row = api.get("/api/v1/quote-versions/").json()["results"][0]
    assert "lines" not in row and row["line_count"] == 2
    assert row["lines_url"] == f"http://testserver/api/v1/quote-lines/?version={priced.pk}"
    lines = api.get(row["lines_url"]).json()
    assert lines["count"] == 2 and {line["version"] for line in lines["results"]} == {priced.pk}


def test_one_version_nests_a_bounded_number_of_lines(api, commercial, priced):
    api.force_authenticate(commercial)
    small = api.get(f"/api/v1/quote-versions/{priced.pk}/").json()
    assert len(small["lines"]) == 2 and small["lines_complete"] is True
    assert str(COST_A) in {line["unit_cost"] for line in small["lines"]}  # commercial sees cost

    bulk_lines(priced, quotes_api.DETAIL_LINES + 5)
    large = api.get(f"/api/v1/quote-versions/{priced.pk}/").json()
    assert len(large["lines"]) == quotes_api.DETAIL_LINES and large["lines_complete"] is False
    assert large["line_count"] == quotes_api.DETAIL_LINES + 7
    first_page = api.get(large["lines_url"]).json()["results"]
    assert [line["id"] for line in large["lines"][: len(first_page)]] == [line["id"] for line in first_page]


def test_the_lines_list_filters_by_version_and_only_what_the_caller_sees(api, rep, other_rep, priced, quote):
    v2 = services.version_create(quote=quote, user=rep, note="第二轮")
    api.force_authenticate(rep)
    everything = api.get("/api/v1/quote-lines/").json()
    assert everything["count"] == 4
    only_v2 = api.get(f"/api/v1/quote-lines/?version={v2.pk}").json()
    assert only_v2["count"] == 2 and {line["version"] for line in only_v2["results"]} == {v2.pk}
    assert api.get("/api/v1/quote-lines/?version=999999999").json()["count"] == 0

    api.force_authenticate(other_rep)
    assert api.get(f"/api/v1/quote-lines/?version={priced.pk}").json()["count"] == 0


@pytest.mark.parametrize("value", ["abc", "0", "-1", "", "1.5", "1" * 19, "１２"])
def test_a_version_that_is_not_an_id_is_400(api, rep, priced, value):
    api.force_authenticate(rep)
    response = api.get("/api/v1/quote-lines/", {"version": value})
    assert response.status_code == 400 and "version" in response.json()


def test_a_repeated_version_is_400(api, rep, priced):
    api.force_authenticate(rep)
    assert api.get(f"/api/v1/quote-lines/?version={priced.pk}&version={priced.pk}").status_code == 400


def test_a_rep_gets_no_cost_in_the_lines_or_the_version(api, rep, priced):
    api.force_authenticate(rep)
    version = api.get(f"/api/v1/quote-versions/{priced.pk}/").json()
    for line in version["lines"] + api.get(version["lines_url"]).json()["results"]:
        assert not {"unit_cost", "channel_price", "cost"} & set(line)
    assert "total_cost" not in version


def test_api_lists_run_as_many_queries_at_10_and_at_200_lines(api, commercial, priced):
    api.force_authenticate(commercial)
    bulk_lines(priced, 8)
    urls = [
        "/api/v1/quote-versions/",
        f"/api/v1/quote-versions/{priced.pk}/",
        "/api/v1/quote-lines/",
        f"/api/v1/quote-lines/?version={priced.pk}",
        "/api/v1/quotes/",
    ]
    few = {url: _count(api, url)[0] for url in urls}
    bulk_lines(priced, 190)
    many = {url: _count(api, url)[0] for url in urls}
    assert few == many
    assert all(count <= 8 for count in many.values())
    assert len(_count(api, "/api/v1/quote-lines/")[1]["results"]) == 50  # the page size, not the line count


def test_the_lines_list_is_in_version_order_id_order(api, commercial, priced):
    bulk_lines(priced, 30)
    api.force_authenticate(commercial)
    rows = api.get(f"/api/v1/quote-lines/?version={priced.pk}").json()["results"]
    expected = list(QuoteLine.objects.filter(version=priced).order_by("order", "id").values_list("id", flat=True))
    assert [row["id"] for row in rows] == expected[:50]


def test_the_lines_order_is_served_by_an_index():
    indexed = [index.fields for index in QuoteLine._meta.indexes]
    assert ["version", "order", "id"] in indexed
    assert quotes_api.LINE_ORDER == ("version_id", "order", "id")
