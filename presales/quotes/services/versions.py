"""Quotes and their versions (rounds of 跟踪)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.services import ServiceError, next_numbered_code, require
from presales.lib.services import save_with_history as _save
from presales.opportunities.models import Opportunity
from presales.quotes import access, events
from presales.quotes.models import Quote, QuoteLine, QuoteSection, QuoteVersion, VersionStatus
from presales.quotes.services._common import refresh_totals


@transaction.atomic
def quote_create(*, user: User, opportunity: Opportunity, title: str) -> Quote:
    """A new quote of an opportunity, with its version 1 (draft)."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    require(access.can_create(user, opportunity))
    if not (title or "").strip():
        raise ServiceError(_("Give the quote a title."))
    code = next_numbered_code(Quote.objects.filter(opportunity=opportunity), f"{opportunity.code}-Q")
    quote = Quote(opportunity=opportunity, code=code, title=title.strip(), created_by=user)
    _save(quote, user)
    version = QuoteVersion(quote=quote, number=1, created_by=user)
    _save(version, user)
    events.quote_created(quote, user)
    return quote


@transaction.atomic
def version_create(*, quote: Quote, user: User, note: str) -> QuoteVersion:
    """The next round (跟踪): copies the sections and lines of the latest version. Earlier
    drafts and returned versions become superseded; approved ones stay until a later one is approved."""
    quote = Quote.objects.select_for_update().select_related("opportunity").get(pk=quote.pk)
    require(access.can_edit(user, quote))
    versions = list(quote.versions.order_by("-number"))
    if any(v.status == VersionStatus.IN_REVIEW for v in versions):
        raise ServiceError(_("A version is in price review: wait for the decision or withdraw it first."))
    if versions and not (note or "").strip():
        raise ServiceError(_("Say why the quote changes (reason of change)."))
    latest = versions[0] if versions else None
    version = QuoteVersion(quote=quote, number=(latest.number + 1) if latest else 1, created_by=user, note=note.strip())
    _save(version, user)
    if latest is not None:
        sections: dict[int | None, QuoteSection] = {}
        for section in latest.sections.all():
            sections[section.pk] = QuoteSection.objects.create(version=version, order=section.order, name=section.name)
        copies = []
        for line in latest.lines.all():
            line.pk = None
            line.id = None
            line.version = version
            line.section = sections.get(line.section_id)
            copies.append(line)
        QuoteLine.objects.bulk_create(copies)
        # The copy sums like its source: a source from before the bounds is copied as it is, to be
        # mended in the new draft (submitting checks the bounds again).
        refresh_totals(version)
        _save(version, user)
        for old in versions:
            if old.status in (VersionStatus.DRAFT, VersionStatus.RETURNED):
                old.status = VersionStatus.SUPERSEDED
                _save(old, user, update_fields=["status", "updated_at"])
    events.version_created(version, user, note.strip())
    return version
