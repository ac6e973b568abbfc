"""GET /api/v1/search/: the same search and the same visibility as the page, plain-text
titles and snippets, and a 400 naming the parameter for anything the schema does not allow."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from presales.search.services import indexing_paused, reindex
from presales.search.tests.ui import conftest as build
from presales.testing import make_customer

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"


@pytest.fixture
def api(settings):
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.LANGUAGE_CODE = "en"
    return client


@pytest.fixture
def two_reps(rep, other_rep, indexed):
    with indexed():
        mine = build.opportunity(rep, name="<b>直流屏</b>改造工程")
        theirs = build.opportunity(other_rep, name="直流屏扩容项目")
    return mine, theirs


def test_the_route_is_the_one_of_the_router():
    assert reverse("api:search-list") == URL


def test_anonymous_callers_are_refused(api):
    assert api.get(URL, {"q": "直流屏"}).status_code in (401, 403)


def test_a_rep_gets_only_his_hits_with_plain_text(api, rep, two_reps):
    mine, _theirs = two_reps
    api.force_authenticate(rep)
    response = api.get(URL, {"q": "直流屏"})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 1 and data["page"] == 1 and data["pages"] == 1
    (hit,) = data["hits"]
    assert hit["type"] == "opportunity" and hit["id"] == mine.pk and hit["type_label"] == "Opportunity"
    assert hit["title"] == "<b>直流屏</b>改造工程"  # the text as typed, not HTML: no <mark>, no &lt;
    assert "<mark>" not in hit["snippet"] and "&lt;" not in hit["snippet"]
    assert hit["url"] == f"http://testserver/opportunities/{mine.pk}/"
    assert isinstance(hit["score"], float) and hit["flags"] == []
    assert {f["value"]: f["count"] for f in data["facets"]["type"]} == {"opportunity": 1}


def test_a_manager_gets_every_hit_and_filters_by_type(api, manager, two_reps, commercial, indexed):
    with indexed():
        build.product(commercial, name="直流屏主屏")
    api.force_authenticate(manager)
    data = api.get(URL, {"q": "直流屏"}).json()
    assert data["total"] == 3
    assert {f["value"]: f["count"] for f in data["facets"]["type"]} == {"opportunity": 2, "product": 1}
    data = api.get(URL, {"q": "直流屏", "type": "product"}).json()
    assert [hit["type"] for hit in data["hits"]] == ["product"]


def test_a_token_caller_sees_as_the_user(rep, two_reps):
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=rep).key}")
    assert client.get(URL, {"q": "直流屏"}).json()["total"] == 1


def test_pages(api, rep):
    with indexing_paused():
        for i in range(25):
            make_customer(rep, f"直流屏客户{i:02d}")
    reindex(["customer"])
    api.force_authenticate(rep)
    first, second = api.get(URL, {"q": "直流屏"}).json(), api.get(URL, {"q": "直流屏", "page": 2}).json()
    assert (first["total"], first["pages"], len(first["hits"]), len(second["hits"])) == (25, 2, 20, 5)
    assert api.get(URL, {"q": "直流屏", "page": 3}).status_code == 404
    assert api.get(URL, {"q": ""}).json() == {"total": 0, "page": 1, "pages": 0, "facets": {}, "hits": []}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("q=a&q=b", "q"),
        ("q=" + "长" * 101, "q"),
        ("q=x&type=nope", "type"),
        ("q=x&type=a&type=b", "type"),
        ("q=x&page=abc", "page"),
        ("q=x&page=0", "page"),
        ("q=x&page=", "page"),
        ("q=x&page=1&page=2", "page"),
        ("q=x&page=" + "9" * 30, "page"),
        ("q=x&year=20x6", "year"),
        ("q=x&year=1", "year"),
        ("q=x&industry=" + "x" * 201, "industry"),
    ],
)
def test_crafted_parameters_are_a_400_naming_them(api, rep, query, parameter):
    api.force_authenticate(rep)
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert parameter in response.json()


def test_the_schema_describes_the_endpoint(client, rep):
    client.force_login(rep)
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    operation = schema["paths"][URL]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "type", "page", "year"}
    assert {"200", "400", "401", "403", "404", "429"} <= set(operation["responses"])
    hit = schema["components"]["schemas"]["SearchHit"]["properties"]
    assert {"type", "type_label", "id", "title", "snippet", "url", "score", "flags"} <= set(hit)
