"""What the tender services share: the row lock, the save that keeps history, the URL."""

from __future__ import annotations

from django.urls import reverse

from presales.lib.services import save_with_history as save
from presales.tenders.models import Tender

__all__ = ["lock", "save", "tender_url"]


def lock(tender: Tender) -> Tender:
    """Re-read the tender under a lock, with its opportunity (not locked: of=self)."""
    return Tender.objects.select_for_update(of=("self",)).select_related("opportunity").get(pk=tender.pk)


def tender_url(tender: Tender) -> str:
    return reverse("tenders:detail", args=[tender.pk])
