"""What the answer library plugs into the rest of the product, once, from AppConfig.ready:
the approvals hooks of a proposed change, the search source, and the "answers to review"
card of "my work" (presales.lib.sections)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CARD_ROWS = 8


def _due_card(_obj, user):
    """The user's own approved answers due for review (or overdue), soonest first; hidden when none."""
    from presales.answers import selectors
    from presales.answers.services.lifecycle import review_state

    rows = list(selectors.due_for(user).select_related("category").order_by("next_review_on", "pk")[: CARD_ROWS + 1])
    if not rows:
        return None
    return {"due_entries": [(e, review_state(e)) for e in rows[:CARD_ROWS]], "more_due": len(rows) > CARD_ROWS}


def register() -> None:
    from presales.answers import search_index  # noqa: F401  (registers the "answer" source)
    from presales.answers.models import AnswerChange
    from presales.answers.services import changes
    from presales.approvals import registry
    from presales.lib import sections

    registry.register(
        AnswerChange,
        registry.TargetHooks(
            on_approved=changes.on_approved,
            on_rejected=changes.on_rejected,
            on_withdrawn=changes.on_withdrawn,
            can_view=changes.can_view_change,
            url=changes.change_url,
            title=lambda change: f"{change.entry.code} {change.summary}",
            label=_("Library answer change"),
        ),
    )
    sections.register(
        "my_work",
        sections.Section(
            key="answers_due",
            title=_("Answers to review"),
            template="answers/_my_due.html",
            context=_due_card,
            order=40,
            slot="side",
        ),
    )
