"""A new app adds its card to the opportunity page by registering a section — the page is
not touched (presales.lib.sections)."""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse

from presales.lib import sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def plugin_template(settings, tmp_path):
    """A template of a "test app", found through an extra template directory."""
    (tmp_path / "plugin").mkdir()
    (tmp_path / "plugin" / "_opportunity_section.html").write_text(
        '<section data-testid="plugin-section">'
        "{{ plugin.code }} for {{ plugin.user }} · {{ opportunity.name }}</section>"
    )
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], str(tmp_path)]
    settings.TEMPLATES = templates
    return "plugin/_opportunity_section.html"


@pytest.fixture
def plugin_section(plugin_template):
    """Register a section the way an app does in its AppConfig.ready; unregister after."""
    seen = []

    def context(opportunity, user):
        seen.append((opportunity.pk, user.pk))
        if user.username == "hidden":
            return None
        return {"plugin": {"code": opportunity.code, "user": user.username}}

    sections.register(
        "opportunity", sections.Section(key="plugin", template=plugin_template, context=context, order=25)
    )
    yield seen
    sections.unregister("opportunity", "plugin")


def test_a_registered_section_appears_on_the_opportunity_page_in_order(client, rep, opportunity, plugin_section):
    client.force_login(rep)
    response = client.get(reverse("opportunities:detail", args=[opportunity.pk]))

    html = response.content.decode()
    assert f'<section data-testid="plugin-section">{opportunity.code} for {rep.username} · ' in html
    assert plugin_section == [(opportunity.pk, rep.pk)]
    # order 25: after the quotes card (20), before the contracts card (30)
    assert html.index('data-testid="quotes-section"') < html.index('data-testid="plugin-section"')
    assert html.index('data-testid="plugin-section"') < html.index('data-testid="contracts-section"')
    keys = [s.key for s in response.context["sections"]]
    assert keys == ["solutions", "quotes", "plugin", "contracts", "service_requests", "library"]


def test_a_section_whose_context_is_none_is_left_out(client, rep, opportunity, plugin_section):
    rep.username = "hidden"
    rep.save()
    client.force_login(rep)
    response = client.get(reverse("opportunities:detail", args=[opportunity.pk]))

    assert response.status_code == 200
    assert 'data-testid="plugin-section"' not in response.content.decode()
    assert "plugin" not in [s.key for s in response.context["sections"]]
    assert plugin_section == [(opportunity.pk, rep.pk)]


def test_unregistered_section_is_gone(client, rep, opportunity, plugin_template):
    sections.register(
        "opportunity", sections.Section(key="plugin", template=plugin_template, context=lambda o, u: {}, order=25)
    )
    sections.unregister("opportunity", "plugin")
    client.force_login(rep)

    html = client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()

    assert 'data-testid="plugin-section"' not in html


def test_sections_of_one_page_share_a_read_once(monkeypatch):
    """Two cards needing the same read (the home page's opportunities and overdue ones) read it
    once per page built; a call outside a page reads each time."""
    reads = []

    def read():
        reads.append(1)
        return ["row"]

    def context(_obj, _user):
        return {"rows": sections.shared("test.rows", read)}

    monkeypatch.setitem(sections._registry, "test_page", {})
    for key, slot in (("a", "main"), ("b", "side")):
        sections.register("test_page", sections.Section(key=key, template="t.html", context=context, slot=slot))

    shown = sections.sections_for("test_page", None, None)
    assert [s.context for s in shown] == [{"rows": ["row"]}, {"rows": ["row"]}] and len(reads) == 1
    assert sections.by_slot(shown, ("main", "side")) == {"main": [shown[0]], "side": [shown[1]]}
    sections.sections_for("test_page", None, None)
    assert len(reads) == 2  # the next page reads again
    context(None, None)
    assert len(reads) == 3
