"""What the tender response plugs into the rest of the product, once, from AppConfig.ready:
the deviation-table card of the tender page, and the tender's submission check ("★ clauses
unanswered")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def connect() -> None:
    from presales.lib import sections
    from presales.responses import selectors
    from presales.tenders.checks import register_submission_check

    sections.register(
        "tender",
        sections.Section(
            key="responses",
            title=_("Deviation table"),
            template="responses/_tender_section.html",
            context=selectors.tender_section,
            order=30,
        ),
    )
    register_submission_check(selectors.unanswered_star_clauses)
