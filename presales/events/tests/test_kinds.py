"""The closed set of kinds: every kind renders in both languages, and nothing else is recorded."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.utils import translation

from presales.events import registry, selectors
from presales.events.models import Event
from presales.events.services import record

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
LANGUAGES = ["zh-hans", "en"]


def placeholders(kind: registry.Kind) -> set[str]:
    with translation.override("en"):
        return set(PLACEHOLDER.findall(str(kind.sentence)))


def test_every_app_with_events_declares_its_kinds():
    declared = {kind.code.split(".")[0] for kind in registry.kinds()}
    assert declared == {
        "opportunities",
        "service_requests",
        "solutions",
        "handover",
        "quotes",
        "contracts",
        "approvals",
        "knowledge",
        "tenders",
        "responses",
        "answers",
    }
    assert all(apps.is_installed(f"presales.{label}") for label in declared)
    # each app keeps the rows of its old table it could not map (the handover's old rows
    # were in the solutions' table: those it could not map are "solutions.legacy"; the
    # approvals engine and the library never had an event table)
    with_old_tables = declared - {"handover", "approvals", "knowledge", "tenders", "answers", "responses"}
    assert {f"{label}.legacy" for label in with_old_tables} <= {kind.code for kind in registry.kinds()}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", registry.kinds(), ids=lambda kind: kind.code)
def test_every_kind_renders_in_both_languages(kind, language):
    """Filled from data that gives each placeholder, the sentence leaves nothing unfilled
    (the strict rendering refuses a placeholder the data lacks, e.g. a translation that
    renamed one) and shows no None."""
    data = {name: f"<{name}>" for name in placeholders(kind)}
    with translation.override(language):
        label = str(kind.label)
        sentence = selectors.sentence(kind, data, strict=True)
    assert label.strip() and sentence.strip()
    for text in (label, sentence):
        assert "%(" not in text and "{" not in text and "None" not in text, text
    # what the sentence names comes from the data (params may show a code as its label)
    passed_through = {name for name in placeholders(kind) if f"<{name}>" in sentence}
    assert placeholders(kind) - set((kind.params or (lambda d: {}))(data)) <= passed_through


def test_params_turn_codes_into_the_readers_words():
    closed = registry.get("opportunities.closed")
    with translation.override("en"):
        assert selectors.sentence(closed, {"code": "PS-2026-0001", "status": "won"}) == "closed PS-2026-0001 as Won"
    edited = registry.get("service_requests.edited")
    with translation.override("en"):
        shown = selectors.sentence(edited, {"code": "SR-2026-0001", "fields": ["title", "wanted_by"]})
    assert shown == "edited SR-2026-0001: title, wanted by"


def test_a_value_the_data_lacks_shows_as_a_dash_on_the_pages():
    kind = registry.get("opportunities.stage_advanced")
    with translation.override("en"):
        assert (
            selectors.sentence(kind, {"code": "PS-2026-0001", "from_stage": None}) == "moved PS-2026-0001 from — to —"
        )
        with pytest.raises(KeyError):
            selectors.sentence(kind, {"code": "PS-2026-0001"}, strict=True)


def test_only_the_actual_cost_kinds_hold_cost():
    assert registry.cost_kinds() == ["contracts.cost_added", "contracts.cost_deleted", "contracts.costs_imported"]


def test_a_kind_is_written_app_dot_kind():
    with pytest.raises(ValueError):
        registry.define("stage_advanced", label="x", sentence="x")


def test_record_refuses_a_kind_no_app_declares(rep, opportunity):
    with pytest.raises(ValueError, match="quote_created"):
        record("quote_created", rep, opportunity=opportunity)
    assert not Event.objects.filter(kind="quote_created").exists()


def test_record_files_the_event_under_the_opportunitys_customer(rep, opportunity):
    event = record(
        "opportunities.reopened", rep, opportunity=opportunity, subject=opportunity, data={"code": opportunity.code}
    )

    event.refresh_from_db()
    assert (event.actor, event.opportunity, event.customer) == (rep, opportunity, opportunity.customer)
    assert event.subject == opportunity
    assert event.data == {"code": opportunity.code}
    assert Event.objects.about(opportunity).first() == event  # the latest about it


def test_an_event_of_a_kind_no_longer_declared_still_shows(rep):
    shown = selectors.render(Event(kind="reports.gone", actor=rep, data={"reason": "原因"}))
    assert (shown.label, shown.sentence, shown.note) == ("reports.gone", "reports.gone", "原因")
