"""Reads of quotes with a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.accounts.roles import sees_cost
from presales.approvals.models import ApprovalTemplate
from presales.approvals.selectors import panel
from presales.catalog.configurator import Configuration
from presales.lib.money import percent
from presales.lib.paging import CUSTOMER_NAMES, contains_any
from presales.lib.sorting import Sorting
from presales.opportunities.models import Opportunity
from presales.quotes import access, pricing
from presales.quotes.models import TEMPLATES, Purpose, QuoteLine, QuoteSection, QuoteVersion, VersionStatus


def _latest_version_prefetch() -> Prefetch:
    return Prefetch("versions", queryset=QuoteVersion.objects.order_by("-number"), to_attr="version_list")


# The list's column heads (presales.lib.sorting); each first field has an index.
QUOTE_SORTING = Sorting({"code": ("code",), "title": ("title",), "created": ("created_at",)}, default="-created")


# A Quote annotated by quote_list (latest_status, latest_number, latest_total, latest_cost);
# with_margin adds latest_status_label and latest_margin_percent for the list page.
QuoteRow = Any


def quote_list(user: User, *, q: str = "", status: str = "") -> QuerySet[QuoteRow]:
    latest = QuoteVersion.objects.filter(quote=OuterRef("pk")).order_by("-number")
    qs = (
        access.quotes_visible_to(user)
        .select_related("opportunity", "opportunity__customer", "created_by")
        .annotate(latest_status=Subquery(latest.values("status")[:1]))
        .annotate(latest_number=Subquery(latest.values("number")[:1]))
        .annotate(latest_total=Subquery(latest.values("total_amount")[:1]))
        .annotate(latest_cost=Subquery(latest.values("total_cost")[:1]))
        .order_by("-created_at", "-id")
    )
    if q:
        qs = qs.filter(
            contains_any(q, "code", "title", "opportunity__name", *(f"opportunity__{f}" for f in CUSTOMER_NAMES))
        )
    if status:
        qs = qs.filter(latest_status=status)
    return qs


def with_margin(quotes: Iterable[QuoteRow], user: User) -> list[QuoteRow]:
    """Attach latest_margin_percent (only for users who see cost)."""
    show = sees_cost(user)
    return [_with_margin(quote, show) for quote in quotes]


def _with_margin(quote: QuoteRow, show: bool) -> QuoteRow:
    quote.latest_status_label = VersionStatus(quote.latest_status).label if quote.latest_status else ""
    quote.latest_margin_percent = (
        pricing.margin_percent(quote.latest_total, quote.latest_cost)
        if show and quote.latest_total is not None
        else None
    )
    return quote


def quote_rows_for_export(quotes: QuerySet[QuoteRow], user: User, chunk_size: int) -> Iterable[QuoteRow]:
    """The rows of `quote_list` one chunk at a time (an export), with the same figures as the list."""
    show = sees_cost(user)
    return (_with_margin(quote, show) for quote in quotes.iterator(chunk_size=chunk_size))


def for_opportunity(opportunity: Opportunity, user: User) -> dict[str, Any]:
    quotes = with_margin(quote_list(user).filter(opportunity=opportunity), user)
    return {
        "opportunity": opportunity,
        "quotes": quotes,
        "can_create": access.can_create(user, opportunity),
        "show_cost": sees_cost(user),
    }


def routing_preview(version: QuoteVersion) -> list[dict[str, Any]]:
    """For each price-review template: its steps and whether the current margin routes to them."""
    templates = ApprovalTemplate.objects.filter(code__in=TEMPLATES.values()).prefetch_related(
        "steps", "steps__approver_roles"
    )
    by_code = {t.code: t for t in templates}
    preview = []
    for purpose, code in TEMPLATES.items():
        template = by_code.get(code)
        if template is None:
            continue
        steps = []
        for step in template.steps.all():
            applies = step.applies_to(version)
            steps.append(
                {
                    "step": step,
                    "applies": applies,
                    "why": _condition_in_words(step, version, holds=applies),
                    "roles": [g.name for g in step.approver_roles.all()],
                }
            )
        preview.append({"purpose": purpose, "label": Purpose(purpose).label, "template": template, "steps": steps})
    return preview


# Fields a price-review step's condition reads, named as users know them; percentages shown so.
_CONDITION_FIELDS = {"margin_percent": (_("margin"), True)}
_NEGATED = {"lt": "≥", "lte": ">", "gt": "≤", "gte": "<", "eq": "≠", "ne": "="}


def _condition_in_words(step, version: QuoteVersion, *, holds: bool) -> str:
    """Why a step is (or is not) on this version's route, e.g. "毛利率 22.50% < 25.00%";
    empty for a step without a condition (always on the route)."""
    if not step.condition_field:
        return ""
    label, is_percent = _CONDITION_FIELDS.get(step.condition_field, (None, False))
    if label is None:
        label = step.condition_field.replace("__", " ").replace("_", " ")
    value: Any = version
    for part in step.condition_field.split("__"):
        value = getattr(value, part, None) if value is not None else None
    show = percent if is_percent else (lambda v: "—" if v is None else str(v))
    operator = step.get_condition_operator_display() if holds else _NEGATED.get(step.condition_operator, "≠")
    return f"{label} {show(value)} {operator} {show(step.condition_value)}"


# Above this many lines (the version's cached line_count) the version page shows each section
# collapsed — its name, line count and subtotal — and reads a section's lines only when it is
# opened (quotes:version_section_lines, or ?section=<key> without script).
COLLAPSE_ABOVE = 200

LINE_ORDER = ("section__order", "order", "id")
# What the figures of a line need (pricing.figures), and its section: no names, no products.
_FIGURE_FIELDS = ("section_id", "section__name", "quantity", "unit_price", "discount_percent", "unit_cost", "tax_rate")


def section_key(section_id: int | None) -> int | str:
    """The key of a section in the page's ids and addresses: its id, "none" for lines without one."""
    return "none" if section_id is None else section_id


def parse_section_key(value: object) -> int | None | bool:
    """A section key from an address: its id, None for "none", False for anything else."""
    text = str(value or "")
    if text == "none":
        return None
    if text.isascii() and text.isdigit() and 0 < len(text) <= 18 and text[0] != "0":
        return int(text)
    return False


def is_large(version: QuoteVersion) -> bool:
    return version.line_count > COLLAPSE_ABOVE


def version_lines(version: QuoteVersion) -> list[QuoteLine]:
    return list(version.lines.select_related("section", "product").order_by(*LINE_ORDER))


def _group(section, lines: list, figures: pricing.SectionTotal, *, collapsed: bool = False) -> dict[str, Any]:
    return {
        "section": section,
        "key": section_key(section.pk if section else None),
        "lines": lines,
        "count": figures.lines,
        "subtotal": figures.amount,
        "cost": figures.cost,
        "collapsed": collapsed,
    }


def grouped(version: QuoteVersion, lines: list[QuoteLine]) -> tuple[list[dict[str, Any]], pricing.Totals]:
    """Sections in order with their lines and subtotals, and the totals."""
    totals = pricing.summarize(lines)
    by_section: dict[Any, list[QuoteLine]] = {s.key: [] for s in totals.sections}
    for line in lines:
        by_section[line.section_id].append(line)
    groups = [
        _group(by_section[s.key][0].section if by_section[s.key] else None, by_section[s.key], s)
        for s in totals.sections
    ]
    return groups, totals


def collapsed_groups(version: QuoteVersion) -> tuple[list[dict[str, Any]], pricing.Totals]:
    """The sections of a large version without their lines: name, line count, subtotal and cost
    of each, and the totals, from one read of the lines' figures (the same arithmetic as the
    page of a small version and the exports)."""
    rows = [SimpleNamespace(**row) for row in version.lines.order_by(*LINE_ORDER).values(*_FIGURE_FIELDS)]
    totals = pricing.summarize(rows)
    sections: dict[object, QuoteSection] = {}
    for row in rows:
        if row.section_id is not None and row.section_id not in sections:
            sections[row.section_id] = QuoteSection(pk=row.section_id, name=row.section__name)
    groups = [_group(sections.get(s.key), [], s, collapsed=True) for s in totals.sections]
    return groups, totals


def section_group(version: QuoteVersion, section_id: int | None, *, collapsed: bool = False) -> dict[str, Any] | None:
    """One section of a version with its lines (None when it has none): one query."""
    lines = list(version.lines.filter(section_id=section_id).select_related("section", "product").order_by(*LINE_ORDER))
    if not lines:
        return None
    totals = pricing.summarize(lines)
    return _group(lines[0].section, [] if collapsed else lines, totals.sections[0], collapsed=collapsed)


def version_detail(user: User, version: QuoteVersion, *, open_section: int | None | bool = False) -> dict[str, Any]:
    """The version page. A large version (COLLAPSE_ABOVE) shows its sections collapsed, but the
    one `open_section` names (a section id, None for the lines without one) with its lines."""
    quote = version.quote
    large = is_large(version)
    if large:
        groups, totals = collapsed_groups(version)
        for position, group in enumerate(groups):
            if open_section is not False and group["key"] == section_key(open_section):
                groups[position] = section_group(version, open_section) or group
    else:
        groups, totals = grouped(version, version_lines(version))
    versions = list(quote.versions.select_related("created_by").order_by("-number"))
    can_edit = access.can_edit(user, quote) and version.is_editable
    return {
        "quote": quote,
        "version": version,
        "versions": versions,
        "groups": groups,
        "totals": totals,
        "collapsible": large,
        "show_cost": sees_cost(user),
        "can_edit": can_edit,
        "can_new_version": access.can_edit(user, quote)
        and not any(v.status == VersionStatus.IN_REVIEW for v in versions),
        "can_submit": access.can_submit(user, quote) and version.status == VersionStatus.DRAFT,
        "panel": panel(user, version),
        # The routing follows the margin bracket: shown only to those who may see margins.
        "routing": routing_preview(version) if sees_cost(user) else [],
        "sections": list(version.sections.order_by("order", "id")),
    }


def section_lines(user: User, version: QuoteVersion, section_id: int | None, *, collapsed: bool) -> dict[str, Any]:
    """One section of the version page (quotes/_section.html), opened with its lines or closed."""
    return {
        "version": version,
        "g": section_group(version, section_id, collapsed=collapsed),
        "collapsible": True,
        "show_cost": sees_cost(user),
        "can_edit": access.can_edit(user, version.quote) and version.is_editable,
    }


def editable_versions(user: User) -> list[QuoteVersion]:
    """Draft versions the user may add lines to (for the configurator's "add to quote")."""
    qs = (
        QuoteVersion.objects.filter(status=VersionStatus.DRAFT, quote__in=access.quotes_editable_by(user))
        .select_related("quote", "quote__opportunity")
        .order_by("-updated_at")
    )
    return list(qs[:200])


def configurator_section(configuration: Configuration, user: User) -> dict[str, Any]:
    """The configurator page's "add to a quote" card: what it posts (the configuration's rule,
    values and current) and the draft versions it may go to."""
    return {
        "system_rule": configuration.system_rule,
        "configuration_values": configuration.values,
        "required_current": configuration.required_current,
        "draft_versions": editable_versions(user),
    }


def review_margins(user: User, ids: Iterable[int]) -> dict[int, Any]:
    """The margin in percent of many quote versions at once (the approvals inbox's rows, a
    registry hook): one query, and nothing for who does not see cost (access.sees_cost)."""
    if not access.sees_cost(user):
        return {}
    rows = QuoteVersion.objects.filter(pk__in=list(ids)).values_list("pk", "total_amount", "total_cost")
    return {pk: pricing.margin_percent(total, cost) for pk, total, cost in rows}


def line_in_place(user: User, version: QuoteVersion, *, section_id: int | None, line_pk: int | None = None) -> dict:
    """What an in-place change of one line re-renders (quotes/_line_changed.html): the line's
    row with its number in its section (none once deleted), the subtotal row of its section
    (`group` None when the section has no line left) and the version's totals. One read of
    the version's lines, whatever their number: no form and no query per line. In a large
    version (COLLAPSE_ABOVE) the lines of that section only, and the figures of the others."""
    if is_large(version):
        group = section_group(version, section_id)
        _groups, totals = collapsed_groups(version)
    else:
        groups, totals = grouped(version, version_lines(version))
        group = next((g for g in groups if g["key"] == section_key(section_id)), None)
    line, number = None, 0
    for position, candidate in enumerate(group["lines"] if group else [], start=1):
        if candidate.pk == line_pk:
            line, number = candidate, position
    return {
        "version": version,
        "quote": version.quote,
        "line": line,
        "number": number,
        "group": group,
        "section_key": section_key(section_id),
        "totals": totals,
        "line_count": totals.lines,
        "show_cost": sees_cost(user),
        "can_edit": access.can_edit(user, version.quote) and version.is_editable,
    }
