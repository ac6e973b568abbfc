"""Every change to quotes: one function each, in a transaction, permission checked first,
the version row locked, an event (presales.quotes.events) and history written. Edits of a draft
carry the `version` the user saw (optimistic lock): a second save based on an old copy is
refused with who changed it (presales.lib.services.StaleEdit).

Bounds: every line added or changed is checked against its model validators
(presales.lib.bounds: quantity, prices, discount, tax rate) — from the form, a product or a
configuration — and again before price review; no change may take a version's total or cost
above TOTAL_MAX, so no sum of accepted lines can outgrow its column."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from presales.approvals.models import Approval
from presales.approvals.services import approval_submit
from presales.lib.bounds import MONEY_COLUMN_MAX
from presales.lib.money import yuan
from presales.lib.services import ServiceError, apply_changes, check_version, next_numbered_code, require
from presales.lib.services import save_with_history as _save
from presales.opportunities.models import Opportunity
from presales.quotes import access, events, pricing
from presales.quotes.models import (
    TEMPLATES,
    Purpose,
    Quote,
    QuoteLine,
    QuoteSection,
    QuoteVersion,
    VersionStatus,
)

LINE_FIELDS = [
    "model_code",
    "name",
    "spec",
    "unit",
    "quantity",
    "unit_cost",
    "channel_price",
    "unit_price",
    "discount_percent",
    "tax_rate",
    "note",
]
COST_FIELDS = ("unit_cost", "channel_price")


def version_url(version: QuoteVersion) -> str:
    return reverse("quotes:version", args=[version.pk])


def _lock_version(version: QuoteVersion) -> QuoteVersion:
    return (
        QuoteVersion.objects.select_for_update(of=("self",))
        .select_related("quote", "quote__opportunity")
        .get(pk=version.pk)
    )


def _editable(locked: QuoteVersion, user, seen_version) -> None:
    require(access.can_edit(user, locked.quote))
    if not locked.is_editable:
        raise ServiceError(
            _("Version %(n)s is “%(status)s”: only a draft can be changed. Start a new version.")
            % {"n": locked.number, "status": locked.get_status_display()}
        )
    check_version(locked, seen_version)


def refresh_totals(version: QuoteVersion, totals: pricing.Totals | None = None) -> pricing.Totals:
    """Recompute the cached totals from the lines (no save). Only a version from before the
    bounds can sum beyond what the column holds: its cache keeps the column's maximum (the
    version page reads the lines), never a value that could not be read back."""
    totals = pricing.summarize(version.lines.all()) if totals is None else totals
    version.total_amount = min(totals.total, MONEY_COLUMN_MAX)
    version.total_net = min(totals.net, MONEY_COLUMN_MAX)
    version.total_cost = min(totals.cost, MONEY_COLUMN_MAX)
    version.missing_cost = totals.missing_cost
    version.line_count = totals.lines
    return totals


def _live_totals(version: QuoteVersion) -> pricing.Totals:
    return pricing.summarize(version.lines.all())


def _touch(locked: QuoteVersion, user, reason: str, before: pricing.Totals | None = None) -> None:
    """Save the version after a change of its lines; `before` are its totals before the change."""
    totals = _live_totals(locked)
    problems = pricing.over_limit(totals, before)
    if problems:
        raise ServiceError(problems)
    refresh_totals(locked, totals)
    locked.version += 1
    _save(locked, user, reason=reason)


def _section(version: QuoteVersion, name: str) -> QuoteSection | None:
    name = (name or "").strip()
    if not name:
        return None
    section = version.sections.filter(name=name).first()
    if section is None:
        order = (version.sections.aggregate(m=Max("order"))["m"] or 0) + 1
        section = QuoteSection.objects.create(version=version, name=name, order=order)
    return section


def _next_order(version: QuoteVersion) -> int:
    return (version.lines.aggregate(m=Max("order"))["m"] or 0) + 1


def _validate(line: QuoteLine, *, named: bool = False) -> None:
    """The line's model validators (bounds included) as a ServiceError; `named` prefixes each
    message with the line when several lines are checked at once."""
    prefix = f"{line} · " if named else ""
    try:
        line.full_clean(exclude=["version", "section", "product"])
    except ValidationError as exc:
        raise ServiceError(
            [
                f"{prefix}{capfirst(QuoteLine._meta.get_field(name).verbose_name)}: {msg}"
                for name, msgs in exc.message_dict.items()
                for msg in msgs
            ]
        ) from exc


def _check_line(data: dict) -> None:
    problems = []
    if not (data.get("name") or "").strip():
        problems.append(_("Give the line a name."))
    quantity = data.get("quantity")
    if quantity is None or quantity <= 0:
        problems.append(_("The quantity must be above 0."))
    if data.get("unit_price") is None or data["unit_price"] < 0:
        problems.append(_("Give the unit price (0 or more)."))
    if problems:
        raise ServiceError(problems)


# Quotes and versions ------------------------------------------------------------------------


@transaction.atomic
def quote_create(*, user, opportunity: Opportunity, title: str) -> Quote:
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
def version_create(*, quote: Quote, user, note: str) -> QuoteVersion:
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
        sections = {}
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


# Lines --------------------------------------------------------------------------------------


@transaction.atomic
def line_add(*, version: QuoteVersion, user, data: dict, seen_version=None, section_name: str = "", product=None):
    """Add a line (free text, or from a catalog product when `product` is given)."""
    locked = _lock_version(version)
    _editable(locked, user, seen_version)
    before = _live_totals(locked)
    data = dict(data)
    if not access.sees_cost(user):
        for name in COST_FIELDS:  # a user who can't see costs can't set them either
            data.pop(name, None)
    _check_line(data)
    line = QuoteLine(version=locked, product=product, order=_next_order(locked), section=_section(locked, section_name))
    apply_changes(line, data, LINE_FIELDS)
    if product is not None and not access.sees_cost(user):
        line.unit_cost, line.channel_price = product.standard_cost, product.channel_price
    _validate(line)
    line.save()
    _touch(locked, user, f"+ {line}", before)
    events.line_added(locked, line, user)
    return line


def product_line_data(product, quantity) -> dict:
    return {
        "model_code": product.model_code,
        "name": product.name,
        "unit": product.unit,
        "quantity": Decimal(quantity),
        "unit_price": product.list_price,
        "unit_cost": product.standard_cost,
        "channel_price": product.channel_price,
    }


def line_add_product(*, version: QuoteVersion, user, product, quantity, seen_version=None, section_name: str = ""):
    data = product_line_data(product, quantity)
    return line_add(
        version=version, user=user, data=data, seen_version=seen_version, section_name=section_name, product=product
    )


@transaction.atomic
def line_update(*, line: QuoteLine, user, data: dict, seen_version=None, section_name: str | None = None) -> QuoteLine:
    locked = _lock_version(line.version)
    _editable(locked, user, seen_version)
    line = QuoteLine.objects.select_for_update().get(pk=line.pk, version=locked)
    before = _live_totals(locked)
    data = dict(data)
    if not access.sees_cost(user):
        for name in COST_FIELDS:
            data.pop(name, None)
    merged = {name: data.get(name, getattr(line, name)) for name in LINE_FIELDS}
    _check_line(merged)
    changed = apply_changes(line, data, LINE_FIELDS)
    if section_name is not None:
        section = _section(locked, section_name)
        if section != line.section:
            line.section = section
            changed.append("section")
    _validate(line)
    line.save()
    _touch(locked, user, f"~ {line}", before)
    events.line_updated(locked, line, user, changed)
    return line


@transaction.atomic
def line_delete(*, line: QuoteLine, user, seen_version=None) -> None:
    locked = _lock_version(line.version)
    _editable(locked, user, seen_version)
    label = str(line)
    before = _live_totals(locked)
    QuoteLine.objects.filter(pk=line.pk, version=locked).delete()
    _touch(locked, user, f"- {label}", before)
    events.line_deleted(locked, label, user)


@transaction.atomic
def add_configuration(*, version: QuoteVersion, user, configuration, seen_version=None) -> list[QuoteLine]:
    """Add the bill of materials of a configured system (presales.catalog.configurator) as
    lines of one section named after the configured code; prices from the products."""
    locked = _lock_version(version)
    _editable(locked, user, seen_version)
    before = _live_totals(locked)
    section = _section(locked, configuration.code)
    order = _next_order(locked)
    lines = []
    for bom in configuration.lines:
        product = bom.product
        line = QuoteLine(
            version=locked,
            section=section,
            order=order,
            product=product,
            model_code=bom.model_code,
            name=bom.name,
            unit=bom.unit or "台",
            quantity=Decimal(bom.quantity),
            unit_price=product.list_price if product else Decimal("0"),
            unit_cost=product.standard_cost if product else None,
            channel_price=product.channel_price if product else None,
            note=bom.note or "",
        )
        order += 1
        lines.append(line)
    if not lines:
        raise ServiceError(_("The configuration has no lines."))
    problems = []
    for line in lines:
        try:
            _validate(line, named=True)
        except ServiceError as exc:
            problems += exc.messages
    if problems:
        raise ServiceError(problems)
    QuoteLine.objects.bulk_create(lines)
    _touch(locked, user, f"+ {configuration.code}", before)
    events.configuration_added(locked, configuration, user)
    return lines


# Price review (PCST) ------------------------------------------------------------------------


def submit_missing(version: QuoteVersion) -> list[str]:
    problems = []
    lines = list(version.lines.all())
    if not lines:
        problems.append(_("The quote has no line."))
    for line in lines:
        if line.amount <= 0:
            problems.append(_("The line “%(line)s” is priced 0.") % {"line": line})
        try:  # a line from before the bounds is mended before it can be approved
            _validate(line, named=True)
        except ServiceError as exc:
            problems += exc.messages
    return problems + pricing.over_limit(pricing.summarize(lines))


@transaction.atomic
def submit_for_review(*, version: QuoteVersion, user, purpose: str, note: str = "") -> QuoteVersion:
    """Start the price review (PCST) of a draft version as bid or contract price; the
    approvers follow from the margin and the thresholds of the template's steps."""
    locked = _lock_version(version)
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
    events.submitted(locked, user)
    return locked


def on_version_approved(version: QuoteVersion, approval: Approval, user) -> None:
    from presales.opportunities.services import deliverable_record_approved

    quote = version.quote
    version.status = VersionStatus.APPROVED
    version.approved_at = timezone.now()
    _save(version, user, update_fields=["status", "approved_at", "updated_at"])
    for older in quote.versions.filter(status=VersionStatus.APPROVED).exclude(pk=version.pk):
        older.status = VersionStatus.SUPERSEDED
        _save(older, user, update_fields=["status", "updated_at"])
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


def on_version_rejected(version: QuoteVersion, approval: Approval, user, reasons: list[str]) -> None:
    version.status = VersionStatus.RETURNED
    version.return_reasons = "\n".join(reasons)
    _save(version, user, reason="; ".join(reasons), update_fields=["status", "return_reasons", "updated_at"])
    events.returned(version, user, reasons)


def on_version_withdrawn(version: QuoteVersion, approval: Approval, user) -> None:
    version.status = VersionStatus.DRAFT
    version.purpose = ""
    _save(version, user, update_fields=["status", "purpose", "updated_at"])
    events.withdrawn(version, user)
