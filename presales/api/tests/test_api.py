"""The JSON API: token authentication, the same row rules as the pages, an OpenAPI schema."""

from __future__ import annotations

import re

from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from presales.testing import TEST_PASSWORD, make_customer, make_opportunity


def test_token_from_user_name_and_password(api, rep):
    response = api.post(reverse("api:token"), {"username": rep.username, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=rep).key


def test_wrong_password_gives_no_token(api, rep):
    response = api.post(reverse("api:token"), {"username": rep.username, "password": "wrong"})
    assert response.status_code == 400
    assert not Token.objects.filter(user=rep).exists()


def test_anonymous_is_refused(api, opportunity):
    assert api.get("/api/v1/opportunities/").status_code == 401


def test_a_rep_lists_only_his_opportunities_and_cannot_read_anothers(api, rep, other_rep, opportunity):
    others = make_opportunity(other_rep, make_customer(other_rep, "宁波交警支队"))
    token = Token.objects.create(user=rep)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    listed = api.get("/api/v1/opportunities/").json()
    assert [row["code"] for row in listed["results"]] == [opportunity.code]
    assert listed["results"][0]["stage"] == "contact"
    assert api.get(f"/api/v1/opportunities/{others.pk}/").status_code == 404


def test_a_manager_lists_all(api, manager, rep, other_rep, opportunity):
    make_opportunity(other_rep, make_customer(other_rep, "宁波交警支队"))
    api.force_authenticate(manager)
    assert api.get("/api/v1/opportunities/").json()["count"] == 2


def test_schema_describes_the_endpoints(client, rep):
    client.force_login(rep)
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert "/api/v1/opportunities/" in schema.json()["paths"]
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200 and b"swagger-ui" in docs.content.lower()


def test_every_api_endpoint_refuses_anonymous_callers(api, opportunity):
    """Walks the router: a new endpoint is covered too. The token endpoint is the way in."""
    from presales.api.urls import router

    for pattern, viewset, basename in router.registry:
        prefix = re.sub(r"\(\?P<\w+>[^)]*\)", "1", pattern)  # a nested route: /tenders/1/specifications/
        detail = [f"/api/v1/{prefix}/1/"] if hasattr(viewset, "retrieve") else []  # list-only: /search/
        for url in (f"/api/v1/{prefix}/", *detail):
            assert api.get(url).status_code == 401, (basename, url)
    assert api.get(reverse("api:schema")).status_code == 401


def test_token_page_makes_and_replaces_the_users_token(client, rep, opportunity):
    client.force_login(rep)
    assert "token-key" not in client.get(reverse("api_token")).text
    client.post(reverse("api_token"))
    first = Token.objects.get(user=rep).key
    assert first in client.get(reverse("api_token")).text
    client.post(reverse("api_token"))
    second = Token.objects.get(user=rep).key
    assert second != first
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api.get("/api/v1/opportunities/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert api.get("/api/v1/opportunities/").json()["count"] == 1
