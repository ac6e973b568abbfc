"""What the library's cases, competitors and links plug into other pages and modules, called
once from KnowledgeConfig.ready: the "Library documents" card of the opportunity, solution
and quote pages (presales.lib.sections: those apps never import the library), and the reuse
counters of a document (presales.knowledge.reuse)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def _opportunity_card(opportunity, user):
    from presales.knowledge import selectors_reuse as selectors

    card = selectors.links_card(opportunity, user, field_name="opportunity")
    if card is None:
        return None
    return {"library_card": card, "library_publish": selectors.publishable_deliverables(opportunity, user)}


def _solution_card(solution, user):
    from presales.knowledge import selectors_reuse as selectors

    card = selectors.links_card(solution, user, field_name="solution")
    if card is None:
        return None
    return {"library_card": card, "library_publish": selectors.publishable_versions(solution, user)}


def _quote_card(quote, user):
    from presales.knowledge import selectors_reuse as selectors

    card = selectors.links_card(quote, user, field_name="quote")
    return None if card is None else {"library_card": card, "library_publish": None}


CARD_ROWS = 8


def _due_card(_obj, user):
    """The user's own documents due for review (or overdue), soonest first; hidden when none."""
    from presales.knowledge import selectors

    rows = selectors.due_for_review(user, limit=CARD_ROWS + 1)
    if not rows:
        return None
    return {"due_documents": rows[:CARD_ROWS], "more_due": len(rows) > CARD_ROWS}


def register() -> None:
    from presales.knowledge import reuse
    from presales.knowledge.selectors_reuse import REUSE_COUNTERS, _count_links
    from presales.lib import sections

    template = "knowledge/links/_card.html"
    for page, context, order in (
        ("opportunity", _opportunity_card, 60),
        ("solution", _solution_card, 60),
        ("quote", _quote_card, 60),
    ):
        sections.register(
            page,
            sections.Section(
                key="library", title=_("Library documents"), template=template, context=context, order=order
            ),
        )
    sections.register(
        "my_work",
        sections.Section(
            key="documents_due",
            title=_("Library documents to review"),
            template="knowledge/_my_due.html",
            context=_due_card,
            order=41,
            slot="side",
        ),
    )
    for key, label, field_name, order in REUSE_COUNTERS:
        reuse.register(reuse.Counter(key=key, label=label, count=_count_links(field_name), order=order))
