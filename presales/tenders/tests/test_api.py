"""/api/v1/tenders/: scoped as the pages, in the schema, registers through the service."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from presales.tenders.tests.conftest import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_list_and_read_are_scoped(api, rep, other_rep, tender):
    api.force_authenticate(rep)
    listed = api.get("/api/v1/tenders/").json()
    assert [row["number"] for row in listed["results"]] == [tender.number]
    assert api.get(f"/api/v1/tenders/{tender.pk}/").json()["opportunity"] == tender.opportunity.code
    api.force_authenticate(other_rep)
    assert api.get("/api/v1/tenders/").json()["count"] == 0
    assert api.get(f"/api/v1/tenders/{tender.pk}/").status_code == 404


def test_in_the_schema(api, rep):
    api.force_authenticate(rep)
    paths = api.get("/api/schema/?format=json").json()["paths"]
    assert "/api/v1/tenders/" in paths and "/api/v1/tenders/{id}/" in paths


def test_second_tender_listed_for_its_viewer(api, manager, tender, rep, in_tender):
    api.force_authenticate(manager)
    assert api.get("/api/v1/tenders/?status=all").json()["count"] == 1
    assert register  # builders shared with the other tests
