"""Who sees and who works on a deviation table, persona by persona. The expected sets are
written here, not read from the code: the tender's people (sales owner, presales lead) and
managers/commercial work; roles that see every opportunity (finance, service management,
general manager) read only; another sales rep and a person without a role get 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from presales.responses import access
from presales.responses.tests.conftest import clause
from presales.testing import browser

WORK = {"rep", "engineer", "manager", "sales_head", "commercial", "admin_user"}
READ_ONLY = {"finance", "service_mgmt", "general_manager"}
NOT_SEEN = {"other_rep", "other_engineer", "nobody"}
PERSONAS = sorted(WORK | READ_ONLY | NOT_SEEN)


@pytest.mark.parametrize("persona", PERSONAS)
def test_reads_and_writes_per_role(persona, request, db, specification):
    user = request.getfixturevalue(persona if persona != "general_manager" else "general_manager")
    if persona in NOT_SEEN:
        with pytest.raises(Http404):
            access.get_specification_for(user, specification.pk)
        assert not access.clauses_visible_to(user).exists()
        return
    assert access.get_specification_for(user, specification.pk) == specification
    if persona in WORK:
        assert access.get_specification_for(user, specification.pk, write=True)
    else:
        with pytest.raises(PermissionDenied):
            access.get_specification_for(user, specification.pk, write=True)


@pytest.mark.parametrize("persona", ["other_rep", "nobody"])
def test_pages_and_exports_are_404_for_outsiders(persona, request, db, specification):
    user = request.getfixturevalue(persona)
    client = browser(user)
    row = clause(specification, "5.1.1")
    for url in (
        f"/responses/{specification.pk}/",
        f"/responses/{specification.pk}/export.xlsx",
        f"/responses/{specification.pk}/file/",
        f"/responses/clauses/{row.pk}/answer/",
        f"/api/v1/tenders/{specification.tender_id}/specifications/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/responses/clauses/{row.pk}/accept/", {"version": row.version}).status_code == 404


def test_a_read_only_role_cannot_answer(finance, specification):
    client = browser(finance)
    row = clause(specification, "5.1.1")
    assert client.get(f"/responses/{specification.pk}/").status_code == 200
    assert client.post(f"/responses/clauses/{row.pk}/accept/", {"version": row.version}).status_code == 403
    assert client.post(f"/responses/{specification.pk}/technical-bid/").status_code == 403


def test_nobody_works_on_a_submitted_tender(specification, engineer):
    from presales.tenders.models import TenderStatus

    tender = specification.tender
    tender.status = TenderStatus.SUBMITTED
    tender.save()
    with pytest.raises(PermissionDenied):
        access.get_specification_for(engineer, specification.pk, write=True)
