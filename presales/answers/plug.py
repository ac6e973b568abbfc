"""What the answer library plugs into the rest of the product, once, from AppConfig.ready:
the approvals hooks of a proposed change, and the search source."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from presales.answers import search_index  # noqa: F401  (registers the "answer" source)
    from presales.answers.models import AnswerChange
    from presales.answers.services import changes
    from presales.approvals import registry

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
