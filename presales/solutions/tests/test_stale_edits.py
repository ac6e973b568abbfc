"""Two people saving the same record: the second save, based on an old copy, is refused with
who changed it, keeps what was typed and loses nothing of the first; saving again (once the
other's changes are seen) goes through. Issue 8: solution reports, reviews, handovers and
acceptance reports had no version check and the first person's text was lost."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from presales.solutions import services
from presales.solutions.models import Review, Solution
from presales.solutions.tests.conftest import add_version, pass_review
from presales.testing import browser, payload_of


def shown_version(response) -> str:
    return re.search(r'name="version" value="(\d+)"', response.text).group(1)


def assert_stale_save_refused_then_saved_again(url, first_user, second_user, field, stored):
    """`stored()` reads the field back from the database."""
    first, second = browser(first_user), browser(second_user)
    first_form = first.get(url).context["form"]
    second_form = second.get(url).context["form"]

    saved = first.post(url, payload_of(first_form, **{field: "第一个人写的内容"}))
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    refused = second.post(url, payload_of(second_form, **{field: "第二个人写的内容"}))

    assert refused.status_code == 200
    errors = refused.context["form"].non_field_errors()
    assert len(errors) == 1 and f"Changed by {first_user.display_name}" in errors[0]
    assert "Your input is kept below" in refused.text
    assert "第二个人写的内容" in refused.text  # what the second person typed is still in the form
    assert stored() == "第一个人写的内容"  # and nothing of the first person's save is lost

    again = second.post(url, payload_of(refused.context["form"], version=shown_version(refused)))
    assert again.status_code == 302
    assert stored() == "第二个人写的内容"


def test_solution_report(solution, engineer, manager):
    assert_stale_save_refused_then_saved_again(
        reverse("solutions:edit", args=[solution.pk]),
        manager,
        engineer,
        "scope",
        lambda: Solution.objects.get(pk=solution.pk).scope,
    )
    assert Solution.objects.get(pk=solution.pk).version == 3


def test_solution_designers_count_as_a_change(solution, engineer, other_engineer, manager):
    """Changing only the designers is a save like any other: a copy opened before it is stale."""
    url = reverse("solutions:edit", args=[solution.pk])
    first, second = browser(manager), browser(engineer)
    first_form, second_form = first.get(url).context["form"], second.get(url).context["form"]
    assert first.post(url, payload_of(first_form, designers=[engineer.pk, other_engineer.pk])).status_code == 302

    refused = second.post(url, payload_of(second_form, scope="只改范围"))

    assert refused.status_code == 200 and "Changed by 陈主管" in refused.text
    assert set(Solution.objects.get(pk=solution.pk).designers.all()) == {engineer, other_engineer}


@pytest.fixture
def reviewed(solution, engineer, manager):
    version = add_version(solution, engineer)
    pass_review(version, manager)
    return version


def test_review_meeting(reviewed, engineer, manager):
    assert_stale_save_refused_then_saved_again(
        reverse("solutions:review", args=[reviewed.pk]),
        manager,
        engineer,
        "minutes",
        lambda: Review.objects.get(version=reviewed).minutes,
    )


def test_review_recorded_meanwhile_by_someone_else(solution, engineer, manager):
    """Both open the empty review form; the second save would overwrite the first review."""
    version = add_version(solution, engineer)
    url = reverse("solutions:review", args=[version.pk])
    first, second = browser(manager), browser(engineer)
    first_form, second_form = first.get(url).context["form"], second.get(url).context["form"]
    assert first_form["version"].value() == 0
    base = {
        "chair": str(manager.pk),
        "held_on": "2026-03-02",
        "conclusion": "pass",
        **{f"{p}_rating": "4" for p in ("feasibility", "advancement", "equipment_selection", "cost_range")},
    }
    assert first.post(url, payload_of(first_form, **base, minutes="主管的纪要")).status_code == 302

    refused = second.post(url, payload_of(second_form, **base, minutes="工程师的纪要"))

    assert refused.status_code == 200 and "Changed by 陈主管" in refused.text and "工程师的纪要" in refused.text
    assert Review.objects.get(version=version).minutes == "主管的纪要"


def test_service_refuses_an_old_copy_without_the_pages(solution, engineer, manager):
    """The check is the service's, whoever calls it."""
    from presales.lib.services import StaleEdit

    services.solution_update(solution=solution, user=manager, data={"scope": "新范围"}, seen_version=1)
    with pytest.raises(StaleEdit):
        services.solution_update(solution=solution, user=engineer, data={"scope": "旧副本"}, seen_version=1)
    assert Solution.objects.get(pk=solution.pk).scope == "新范围"
