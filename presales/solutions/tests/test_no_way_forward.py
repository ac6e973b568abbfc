"""A returned version whose opportunity is closed has no way forward: the solution page and
the lists say why, and no new version (the way a returned version is resubmitted) is offered."""

from __future__ import annotations

import pytest
from django.urls import reverse

from presales.opportunities.services import opportunity_close
from presales.solutions import services
from presales.solutions.models import SolutionStatus
from presales.solutions.tests.conftest import add_version, pass_review
from presales.testing import decide_pending, make_opportunity

pytestmark = pytest.mark.django_db

ABANDONED = "The opportunity was abandoned: this solution goes no further."


@pytest.fixture
def returned(solution, engineer, manager, signers):
    _return(solution, engineer, manager, signers[2])
    solution.refresh_from_db()
    assert solution.status == SolutionStatus.RETURNED
    return solution


def _pages(client, solution) -> dict[str, str]:
    return {
        "detail": client.get(reverse("solutions:detail", args=[solution.pk])).text,
        "list": client.get(reverse("solutions:list")).text,
        "opportunity": client.get(reverse("opportunities:detail", args=[solution.opportunity_id])).text,
    }


def test_while_the_opportunity_is_active_a_new_version_is_offered(client, returned, engineer):
    client.force_login(engineer)

    pages = _pages(client, returned)

    assert 'data-testid="version-new"' in pages["detail"]
    assert not any('data-testid="no-way-forward"' in page for page in pages.values())


def test_an_abandoned_opportunity_says_why_and_offers_no_resubmission(client, returned, engineer, rep):
    opportunity_close(opportunity=returned.opportunity, user=rep, status="abandoned", reason="客户预算取消")
    client.force_login(engineer)

    pages = _pages(client, returned)

    for name, page in pages.items():
        assert ABANDONED in page, name
    assert 'data-testid="version-new"' not in pages["detail"]
    assert 'data-testid="signoff-submit"' not in pages["detail"]


def test_a_lost_opportunity_says_so(client, returned, engineer, rep):
    opportunity_close(
        opportunity=returned.opportunity, user=rep, status="lost", reason="价格高", winning_competitor="某公司"
    )
    client.force_login(engineer)

    page = client.get(reverse("solutions:detail", args=[returned.pk])).text

    assert "The opportunity was lost: this solution goes no further." in page
    assert 'data-testid="version-new"' not in page


def _return(solution, engineer, manager, commercial):
    version = add_version(solution, engineer)
    pass_review(version, manager)
    services.signoff_submit(version=version, user=engineer)
    decide_pending(version, commercial, approve=False, comment="造价偏高，需压缩")


def test_the_list_reads_the_note_in_a_fixed_number_of_queries(client, returned, engineer, manager, signers, rep):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(engineer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("solutions:list")).text
        return len(queries), page.count(ABANDONED)

    opportunity_close(opportunity=returned.opportunity, user=rep, status="abandoned", reason="客户预算取消")
    queries_for_one, notes = count()
    assert notes == 1
    other = make_opportunity(
        rep, returned.opportunity.customer, name="另一个项目", presales_lead=engineer, team=[engineer]
    )
    second = services.solution_create(
        user=engineer, opportunity=other, data={"title": "备选方案"}, designers=[engineer]
    )
    _return(second, engineer, manager, signers[2])
    opportunity_close(opportunity=other, user=rep, status="abandoned", reason="客户预算取消")

    assert count() == (queries_for_one, 2)
