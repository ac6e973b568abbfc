"""What the tenders app plugs into the pages of others, called once from TendersConfig.ready:
the tender card of the opportunity page and "my bids" of "my work" (presales.lib.sections),
and the library's reuse counter of a document ("used in 3 bids": presales.knowledge.reuse)."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _


def _count_bids(ids: list[int]) -> dict[int, int]:
    from presales.tenders.models import PackageItem

    rows = (
        PackageItem.objects.filter(document_id__in=ids)
        .values("document_id")
        .annotate(n=Count("tender_id", distinct=True))
        .values_list("document_id", "n")
    )
    return dict(rows)


def _opportunity_card(opportunity, user):
    from presales.tenders import selectors

    return selectors.opportunity_section(opportunity, user)


def _my_bids(_obj, user):
    from presales.tenders import selectors

    return selectors.my_bids(user)


def _losses(competitor, user):
    from presales.tenders import selectors

    return selectors.losses_to(competitor, user)


def register() -> None:
    from presales.knowledge import reuse
    from presales.lib import sections

    sections.register(
        "opportunity",
        sections.Section(
            key="tenders",
            title=_("Tender"),
            template="tenders/_opportunity_section.html",
            context=_opportunity_card,
            order=22,
        ),
    )
    sections.register(
        "my_work",
        sections.Section(
            key="my_bids", title=_("My bids"), template="tenders/_my_bids.html", context=_my_bids, order=15, slot="side"
        ),
    )
    sections.register(
        "competitor",
        sections.Section(
            key="tender_losses", title=_("Bids lost to them"), template="tenders/_losses.html", context=_losses
        ),
    )
    reuse.register(reuse.Counter(key="bids", label=_("Bids"), count=_count_bids, order=40))
