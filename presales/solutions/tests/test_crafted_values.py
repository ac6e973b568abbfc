"""Crafted form values and URLs answer with a form error or 404, never 500 (issue 8: attendee
and designer ids above 2^63 reached the database and failed there)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from presales.solutions.models import Review, Solution
from presales.solutions.tests.conftest import add_version
from presales.testing import browser, payload_of

HUGE = "99999999999999999999"
CRAFTED_IDS = [HUGE, "9223372036854775808", "-1", "abc", ""]


@pytest.mark.parametrize("crafted", CRAFTED_IDS)
def test_review_attendees(solution, engineer, manager, crafted):
    version = add_version(solution, engineer)
    url = reverse("solutions:review", args=[version.pk])
    client = browser(manager)
    data = payload_of(
        client.get(url).context["form"],
        chair=str(manager.pk),
        held_on="2026-03-02",
        conclusion="pass",
        minutes="我写的纪要",
        attendees=[str(engineer.pk), crafted, str(engineer.pk)],
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors["attendees"]
    assert "我写的纪要" in response.text
    assert not Review.objects.exists()


@pytest.mark.parametrize("crafted", CRAFTED_IDS)
def test_solution_designers(solution, engineer, crafted):
    url = reverse("solutions:edit", args=[solution.pk])
    client = browser(engineer)
    data = payload_of(client.get(url).context["form"], designers=[crafted], scope="新的范围")

    response = client.post(url, data)

    assert response.status_code == 200 and response.context["form"].errors["designers"]
    assert Solution.objects.get(pk=solution.pk).scope == "视频监控、门禁"


def test_repeated_designer_ids_count_once(solution, engineer, other_engineer):
    url = reverse("solutions:edit", args=[solution.pk])
    client = browser(engineer)
    ids = [str(engineer.pk), str(other_engineer.pk), str(engineer.pk)]
    response = client.post(url, payload_of(client.get(url).context["form"], designers=ids))
    assert response.status_code == 302
    assert set(Solution.objects.get(pk=solution.pk).designers.all()) == {engineer, other_engineer}


@pytest.mark.parametrize("crafted", ["abc", HUGE, "-1", "", "²"])
def test_new_solution_for_a_crafted_opportunity_is_404(opportunity, engineer, crafted):
    client = browser(engineer)
    assert client.get(f"{reverse('solutions:create')}?opportunity={crafted}").status_code == 404
    assert client.post(reverse("solutions:create"), {"opportunity": crafted, "title": "x"}).status_code == 404


@pytest.mark.parametrize(
    "name", ["solutions:detail", "solutions:edit", "solutions:review", "handover:detail", "handover:edit"]
)
def test_ids_above_the_column_in_urls_are_404(engineer, name):
    assert browser(engineer).get(reverse(name, args=[int(HUGE)])).status_code == 404


def test_scope_over_its_limit_is_refused_and_kept(solution, engineer):
    from presales.lib.forms import TEXT_LONG

    url = reverse("solutions:edit", args=[solution.pk])
    client = browser(engineer)
    scope = "范" * (TEXT_LONG + 1)
    response = client.post(url, payload_of(client.get(url).context["form"], scope=scope))
    assert response.status_code == 200 and response.context["form"].errors["scope"]
    assert response.context["form"]["scope"].value() == scope
    assert Solution.objects.get(pk=solution.pk).scope == "视频监控、门禁"


def test_qa_answers_over_their_limit_are_refused_by_the_service(solution, engineer, manager):
    from presales.lib.forms import TEXT_SHORT
    from presales.lib.services import ServiceError
    from presales.solutions import services
    from presales.solutions.models import QASession, VersionStatus

    version = add_version(solution, engineer)
    version.status = VersionStatus.SIGNING
    version.save(update_fields=["status"])
    with pytest.raises(ServiceError):
        services.qa_record(
            version=version,
            user=engineer,
            data={"held_on": "2026-03-02"},
            items=[{"question": "问" * (TEXT_SHORT + 1)}],
        )
    assert not QASession.objects.exists()
