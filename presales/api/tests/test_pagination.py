"""Lists page strictly: `page` is one whole number from 1 up (else 400 naming it), a page past
the end is 404, there is no `page_size`; and the schema declares each of these answers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from presales.api.pagination import StrictPageNumberPagination
from presales.testing import make_customer, make_opportunity


@pytest.fixture
def three_opportunities(rep, opportunity):
    for name in ("宁波交警支队", "温州市教育局"):
        make_opportunity(rep, make_customer(rep, name))


@pytest.mark.parametrize(
    "query",
    ["page=", "page=1&page=2", "page=1&page=1", "page=abc", "page=0", "page=-1", "page=1.0", "page= 1", "page=last"],
)
def test_a_page_that_is_not_one_whole_number_is_400(api, rep, opportunity, query):
    api.force_authenticate(rep)
    response = api.get(f"/api/v1/opportunities/?{query}")
    assert response.status_code == 400, response.content
    assert response.json() == {"page": ["Give one page number, a whole number from 1 up."]}


@pytest.mark.parametrize("page", ["2", "99", "9" * 40, "9" * 5000])
def test_a_page_past_the_end_is_404(api, rep, opportunity, page):
    api.force_authenticate(rep)
    response = api.get(f"/api/v1/opportunities/?page={page}")
    assert response.status_code == 404
    assert "does not exist: the list has fewer pages" in response.json()["detail"]


def test_pages_in_range_and_no_page_size_parameter(monkeypatch, api, rep, three_opportunities):
    monkeypatch.setattr(StrictPageNumberPagination, "page_size", 2)  # PAGE_SIZE is read at import
    api.force_authenticate(rep)
    first = api.get("/api/v1/opportunities/").json()
    assert first["count"] == 3 and len(first["results"]) == 2
    assert api.get("/api/v1/opportunities/?page=1").json() == first
    assert len(api.get("/api/v1/opportunities/?page=2").json()["results"]) == 1
    # `page_size` is not a parameter: asking for 1 row still gives the fixed page size.
    assert len(api.get("/api/v1/opportunities/?page_size=1").json()["results"]) == 2


def test_an_empty_list_has_page_1_only(api, nobody):
    api.force_authenticate(nobody)
    assert api.get("/api/v1/opportunities/?page=1").json()["count"] == 0
    assert api.get("/api/v1/opportunities/?page=2").status_code == 404


# --- the schema says so ----------------------------------------------------------------------------


@pytest.fixture
def schema(client, rep):
    client.force_login(rep)
    return client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()


def test_every_operation_declares_its_error_answers(schema):
    operations = [(path, method, op) for path, ops in schema["paths"].items() for method, op in ops.items()]
    assert len(operations) >= 13
    for path, method, operation in operations:
        declared = set(operation["responses"])
        pages = any(p["name"] == "page" for p in operation.get("parameters", []))
        if path == "/api/token/":
            expected = {"200", "400", "429"}
        elif path.endswith("{id}/") and not any(p["in"] == "query" for p in operation.get("parameters", [])):
            expected = {"200", "401", "403", "404", "429"}
        elif method == "post" and "{" not in path and not pages:  # an upload reading no object (an import)
            expected = {"200", "400", "401", "403", "429"}
        else:
            expected = {"200", "400", "401", "403", "404", "429"}
        if method == "post" and "201" in declared:  # an upload that creates (a tender's specification)
            expected = expected - {"200"} | {"201"}
        assert declared == expected, (method, path)
        throttled = operation["responses"]["429"]
        assert throttled["headers"]["Retry-After"]["required"] is True
    assert set(schema["components"]["schemas"]) >= {"Error", "FieldErrors"}


def test_the_page_parameter_is_an_integer_from_1_and_page_size_is_absent(schema):
    parameters = schema["paths"]["/api/v1/opportunities/"]["get"]["parameters"]
    assert [(p["name"], p["schema"]) for p in parameters] == [("page", {"type": "integer", "minimum": 1})]


def test_the_token_operation_needs_no_authentication(schema):
    assert schema["paths"]["/api/token/"]["post"].get("security") in (None, [], [{}])
    assert schema["paths"]["/api/v1/quotes/"]["get"]["security"] == [{"tokenAuth": []}, {"cookieAuth": []}]
