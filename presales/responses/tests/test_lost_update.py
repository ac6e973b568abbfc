"""Two engineers answering the same table: the second save, based on the row as it was
before the first, is refused with who changed it — never a silent overwrite — and the form
keeps what the second one typed."""

from __future__ import annotations

import pytest

from presales.lib.services import StaleEdit
from presales.responses import services
from presales.responses.models import Deviation
from presales.responses.tests.conftest import clause
from presales.testing import browser


@pytest.fixture
def team(opportunity, other_engineer):
    from presales.opportunities.models import OpportunityMember

    OpportunityMember.objects.create(opportunity=opportunity, user=other_engineer)
    return other_engineer


def test_the_second_answer_on_an_old_copy_is_refused(specification, engineer, team):
    row = clause(specification, "5.1.5")
    seen = row.version  # both opened the table at this version
    services.clause_answer(
        user=engineer, clause=row, response="常驻工程师三名。", deviation=Deviation.NONE, version=seen
    )
    with pytest.raises(StaleEdit) as refused:
        services.clause_answer(
            user=team, clause=row, response="派驻工程师两名。", deviation=Deviation.NEGATIVE,
            deviation_note="两名", version=seen,
        )  # fmt: skip
    assert "张工" in refused.value.messages[0]
    row.refresh_from_db()
    assert row.response == "常驻工程师三名。"


def test_accept_on_an_old_copy_is_refused(specification, engineer, team):
    row = clause(specification, "5.1.1")
    seen = row.version
    services.clause_answer(user=engineer, clause=row, response="效率96%。", deviation=Deviation.POSITIVE, version=seen)
    with pytest.raises(StaleEdit):
        services.clause_accept(user=team, clause=row, version=seen)
    row.refresh_from_db()
    assert row.response == "效率96%。"


def test_the_page_keeps_the_second_engineers_input(specification, engineer, team):
    row = clause(specification, "5.1.5")
    first, second = browser(engineer), browser(team)
    url = f"/responses/clauses/{row.pk}/answer/"
    prefix = f"c{row.pk}"
    data = {f"{prefix}-deviation": "none", f"{prefix}-version": row.version}
    assert first.post(url, {**data, f"{prefix}-response": "常驻工程师三名。"}).status_code == 302
    page = second.post(url, {**data, f"{prefix}-response": "派驻工程师两名。"}, HTTP_HX_REQUEST="true")
    assert page.status_code == 200
    text = page.content.decode()
    assert "派驻工程师两名。" in text and "since you opened it" in text
    row.refresh_from_db()
    assert row.response == "常驻工程师三名。"
