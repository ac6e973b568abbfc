"""Price review (PCST): submit a draft, and the hooks the approvals engine calls on its decision
(registered in presales.quotes.apps)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.approvals.models import Approval
from presales.approvals.services import approval_submit
from presales.lib.money import yuan
from presales.lib.services import ServiceError, require
from presales.lib.services import save_with_history as _save
from presales.quotes import access, events, pricing
from presales.quotes.models import TEMPLATES, Purpose, QuoteVersion, VersionStatus
from presales.quotes.services._common import lock_version, refresh_totals, validate_line, version_url


def submit_missing(version: QuoteVersion) -> list[str]:
    problems = []
    lines = list(version.lines.all())
    if not lines:
        problems.append(_("The quote has no line."))
    for line in lines:
        if line.amount <= 0:
            problems.append(_("The line “%(line)s” is priced 0.") % {"line": line})
        try:  # a line from before the bounds is mended before it can be approved
            validate_line(line, named=True)
        except ServiceError as exc:
            problems += exc.messages
    return problems + pricing.over_limit(pricing.summarize(lines))


@transaction.atomic
def submit_for_review(*, version: QuoteVersion, user: User, purpose: str, note: str = "") -> QuoteVersion:
    """Start the price review (PCST) of a draft version as bid or contract price; the
    approvers follow from the margin and the thresholds of the template's steps."""
    locked = lock_version(version)
    require(access.can_submit(user, locked.quote))
    if purpose not in TEMPLATES:
        raise ServiceError(_("Choose whether this is the bid price or the contract price."))
    if locked.status != VersionStatus.DRAFT:
        raise ServiceError(
            _("Only a draft can be sent to price review (this one is “%(status)s”).")
            % {"status": locked.get_status_display()}
        )
    problems = submit_missing(locked)
    if problems:
        raise ServiceError(problems)
    refresh_totals(locked)
    approval_submit(target=locked, template=TEMPLATES[purpose], user=user, note=note)
    locked.status = VersionStatus.IN_REVIEW
    locked.purpose = purpose
    locked.submitted_at = timezone.now()
    locked.return_reasons = ""
    _save(locked, user, reason=f"price review {purpose}")
    _record_as_quote_list(locked, user, "submitted")
    events.submitted(locked, user)
    return locked


def _record_as_quote_list(version: QuoteVersion, user: User, reached: str) -> None:
    """The opportunity's 《项目报价清单》 (a deliverable type satisfied by a quote version, once
    submitted or approved) is this version: recorded through the opportunities' service, as
    the PCST-approved bid price is."""
    from presales.opportunities.services import deliverable_record_quote

    quote = version.quote
    deliverable_record_quote(
        opportunity=quote.opportunity,
        user=user,
        reached=reached,
        title=f"{quote.code} v{version.number} {quote.title}"[:200],
        source_url=version_url(version),
        amount=version.total_amount,
    )


def _unrecord_as_quote_list(version: QuoteVersion, user: User) -> None:
    from presales.opportunities.services import deliverable_unrecord_quote

    deliverable_unrecord_quote(opportunity=version.quote.opportunity, user=user, source_url=version_url(version))


def on_version_approved(version: QuoteVersion, approval: Approval, user: User) -> None:
    from presales.opportunities.services import deliverable_record_approved

    quote = version.quote
    version.status = VersionStatus.APPROVED
    version.approved_at = timezone.now()
    _save(version, user, update_fields=["status", "approved_at", "updated_at"])
    for older in quote.versions.filter(status=VersionStatus.APPROVED).exclude(pk=version.pk):
        older.status = VersionStatus.SUPERSEDED
        _save(older, user, update_fields=["status", "updated_at"])
    _record_as_quote_list(version, user, "approved")
    if version.purpose == Purpose.BID:
        deliverable_record_approved(
            opportunity=quote.opportunity,
            user=user,
            fulfilled_by="price_review",
            title=_("%(code)s v%(n)s bid price %(total)s")
            % {"code": quote.code, "n": version.number, "total": yuan(version.total_amount)},
            source_url=version_url(version),
        )
    events.approved(version, user)


def on_version_rejected(version: QuoteVersion, approval: Approval, user: User, reasons: list[str]) -> None:
    version.status = VersionStatus.RETURNED
    version.return_reasons = "\n".join(reasons)
    _save(version, user, reason="; ".join(reasons), update_fields=["status", "return_reasons", "updated_at"])
    _unrecord_as_quote_list(version, user)
    events.returned(version, user, reasons)


def on_version_withdrawn(version: QuoteVersion, approval: Approval, user: User) -> None:
    version.status = VersionStatus.DRAFT
    version.purpose = ""
    _save(version, user, update_fields=["status", "purpose", "updated_at"])
    _unrecord_as_quote_list(version, user)
    events.withdrawn(version, user)
