"""The solution's and the handover's events on their pages, in the reader's language."""

from __future__ import annotations

from django.urls import reverse

from presales.solutions import events as solution_events
from presales.solutions.tests.conftest import add_version


def test_the_solution_page_shows_what_was_done_to_it(solution, engineer, client):
    add_version(solution, engineer)
    client.force_login(engineer)

    html = client.get(reverse("solutions:detail", args=[solution.pk])).content.decode()

    activity = html[html.index('data-testid="solution-events"') :]
    assert f"uploaded version 1 of the solution {solution.code}" in activity
    assert f"created the solution {solution.code} “园区安防解决方案”" in activity
    assert list(solution.events.values_list("kind", flat=True)) == [
        solution_events.VERSION_CREATED,
        solution_events.SOLUTION_CREATED,
    ]
