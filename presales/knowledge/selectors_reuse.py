"""Reads of success cases, competitor profiles (with "where we met them"), the library
cards on opportunity, solution and quote pages, and the reuse counts. Each runs a fixed
number of queries whatever the number of rows (tests pin them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.knowledge import access_reuse as access
from presales.knowledge.competitor_names import name_key, split_names
from presales.knowledge.models import Document
from presales.knowledge.models_reuse import Competitor, DocumentLink, SuccessCase
from presales.lib.sections import shared

ENCOUNTERS_SHOWN = 50  # opportunities listed on a profile (the counts take them all)
LINKABLE_SHOWN = 50  # documents offered in the "attach from the library" list


# Success cases ------------------------------------------------------------------------------


def case_list(user: User, *, filters: dict[str, Any] | None = None) -> QuerySet[SuccessCase]:
    """The cases `user` reads, filtered (industry, product id, year, may_cite, text), newest first."""
    filters = filters or {}
    rows = access.cases_visible_to(user).select_related("customer").prefetch_related("products")
    if filters.get("industry"):
        rows = rows.filter(industry=filters["industry"])
    if filters.get("product"):
        rows = rows.filter(products=filters["product"])
    if filters.get("year"):
        rows = rows.filter(year=filters["year"])
    if filters.get("may_cite"):
        rows = rows.filter(may_cite=True)
    if filters.get("q"):
        q = filters["q"]
        rows = rows.filter(Q(title__icontains=q) | Q(customer_name__icontains=q) | Q(customer__name__icontains=q))
    return rows.order_by("-year", "-pk")


def readable_documents(user: User, relation) -> list[Document]:
    """The documents of a case's or a profile's list that `user` may read (others are not shown)."""
    from presales.knowledge.access import documents_visible_to

    return list(
        relation.filter(pk__in=documents_visible_to(user).values("pk")).select_related("folder", "folder__library")
    )


def case_detail(user: User, case: SuccessCase) -> dict[str, Any]:
    from presales.opportunities.access import sees_opportunity

    return {
        "case": case,
        "products": list(case.products.all()),
        "documents": readable_documents(user, case.documents),
        "show_opportunity": sees_opportunity(user, case.opportunity_id),
        "can_edit": access.can_write_cases(user),
    }


# Competitors --------------------------------------------------------------------------------


@dataclass
class Encounters:
    """Where we met a competitor, among the opportunities the reader sees."""

    rows: list = field(default_factory=list)  # the most recent ENCOUNTERS_SHOWN opportunities
    total: int = 0
    won: int = 0  # we won, they competed
    lost_to_them: int = 0  # lost, they won
    lost_to_others: int = 0
    open: int = 0


def competitor_keys(competitor: Competitor) -> set[str]:
    return {name_key(competitor.name), *(name_key(a) for a in split_names(competitor.aliases))} - {""}


def encounters(user: User, competitor: Competitor) -> Encounters:
    """The opportunities `user` sees whose competitor field names the competitor (its name or
    an alias) or that were lost to it, with won/lost counts. The database narrows by text
    (`icontains` of each name); the exact match by name is made here (competitor_names), so
    "华为" never counts the opportunities of "华为数字能源". Two queries."""
    from presales.opportunities.access import opportunities_visible_to
    from presales.opportunities.models import OpportunityStatus

    names = [competitor.name, *split_names(competitor.aliases)]
    keys = competitor_keys(competitor)
    text = Q()
    for name in names:
        text |= Q(competitors__icontains=name) | Q(winning_competitor__icontains=name)
    candidates = opportunities_visible_to(user).filter(text)
    found = Encounters()
    matched: list[int] = []
    for pk, competitors, winner, status in candidates.values_list(
        "pk", "competitors", "winning_competitor", "status"
    ).order_by("-created_at", "-pk"):
        winner_keys = {name_key(n) for n in split_names(winner)}
        named = {name_key(n) for n in split_names(competitors)} | winner_keys
        if not named & keys:
            continue
        matched.append(pk)
        found.total += 1
        if status == OpportunityStatus.WON:
            found.won += 1
        elif status == OpportunityStatus.LOST:
            if winner_keys & keys:
                found.lost_to_them += 1
            else:
                found.lost_to_others += 1
        elif status == OpportunityStatus.ACTIVE:
            found.open += 1
    shown = matched[:ENCOUNTERS_SHOWN]
    if shown:
        from presales.opportunities.models import Opportunity

        by_pk = {o.pk: o for o in Opportunity.objects.filter(pk__in=shown).select_related("customer", "sales_owner")}
        found.rows = [by_pk[pk] for pk in shown if pk in by_pk]
    return found


def competitor_detail(user: User, competitor: Competitor) -> dict[str, Any]:
    return {
        "competitor": competitor,
        "documents": readable_documents(user, competitor.documents),
        "encounters": encounters(user, competitor),
        "can_edit": access.can_write_competitors(user),
    }


# Library cards on other pages ---------------------------------------------------------------


def _rights(user: User):
    from presales.knowledge.access import folder_rights

    return shared("knowledge.folder_rights", lambda: folder_rights(user))


def links_card(target, user: User, *, field_name: str) -> dict[str, Any] | None:
    """The "Library documents" card of an opportunity, a solution or a quote: the linked
    documents `user` may read (links to documents he may not read are not shown at all, nor
    counted), and, for who may change the target, the documents he may attach."""
    from presales.knowledge.access import documents_visible_to

    if not access.can_read_cases(user):  # no role, nothing of the library
        return None
    rights = _rights(user)
    visible = documents_visible_to(user, rights)
    links = list(
        DocumentLink.objects.filter(**{field_name: target}, document__in=visible.values("pk"))
        .select_related("document", "document__folder", "document__folder__library", "added_by")
        .order_by("-created_at", "-pk")
    )
    can_link = access.can_change_target(user, target)
    linkable = find_linkable(user, target, field_name=field_name, visible=visible) if can_link else []
    return {
        "target": target,
        "target_type": field_name,
        "links": links,
        "can_link": can_link,
        "linkable": linkable,
    }


def find_linkable(user: User, target, *, field_name: str, q: str = "", visible=None) -> list[Document]:
    """Published documents `user` reads that are not attached to `target` yet: matching `q`
    through the search module (its order), else the most recent. One query without `q`."""
    from presales.knowledge.access import OPEN_STATUSES, documents_visible_to

    visible = documents_visible_to(user) if visible is None else visible
    rows = (
        visible.filter(status__in=OPEN_STATUSES)
        .exclude(pk__in=DocumentLink.objects.filter(**{field_name: target}).values("document_id"))
        .only("pk", "title", "updated_at")
    )
    q = " ".join((q or "").split())
    if not q:
        return list(rows.order_by("-updated_at", "-pk")[:LINKABLE_SHOWN])
    from presales.search.selectors import search

    hits = search(user, q, types=["document"], per_page=LINKABLE_SHOWN).hits
    order = {hit.object_id: index for index, hit in enumerate(hits)}
    return sorted(rows.filter(pk__in=list(order)), key=lambda d: order[d.pk])


def publish_folders(user: User) -> list:
    """The folders `user` may publish into (add documents to), for the publish buttons."""
    from presales.knowledge.models import Folder

    rights = _rights(user)
    if not rights.everything and not rights.editable:
        return []
    folders = Folder.objects.filter(library__is_active=True).select_related("library")
    if not rights.everything:
        folders = folders.filter(pk__in=sorted(rights.editable))
    return list(folders.order_by("library__order", "library__name", "order", "name"))


def publishable_deliverables(opportunity, user: User) -> dict[str, Any] | None:
    """The opportunity's approved deliverables with a file, each with its library document
    once published; None when `user` may publish into no folder."""
    from presales.opportunities.models import Deliverable, DeliverableStatus

    folders = publish_folders(user)
    if not folders:
        return None
    published = DocumentLink.objects.filter(source_deliverable=OuterRef("pk"))
    rows = list(
        Deliverable.objects.filter(opportunity=opportunity, status=DeliverableStatus.APPROVED)
        .exclude(file="")
        .annotate(published=Exists(published))
        .order_by("-approved_at", "-pk")
    )
    return {"rows": rows, "folders": folders}


def publishable_versions(solution, user: User) -> dict[str, Any] | None:
    from presales.solutions.models import VersionStatus

    folders = publish_folders(user)
    if not folders:
        return None
    published = DocumentLink.objects.filter(source_solution_version=OuterRef("pk"))
    rows = list(
        solution.versions.filter(status=VersionStatus.APPROVED)
        .select_related("solution")
        .annotate(published=Exists(published))
        .order_by("-number")
    )
    return {"rows": rows, "folders": folders}


# Reuse counts -------------------------------------------------------------------------------


def _count_links(field_name: str):
    def count(ids: list[int]) -> dict[int, int]:
        rows = (
            DocumentLink.objects.filter(document_id__in=ids, **{f"{field_name}__isnull": False})
            .values("document_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {row["document_id"]: row["n"] for row in rows}

    return count


REUSE_COUNTERS = (
    ("opportunities", _("Opportunities"), "opportunity", 10),
    ("solutions", _("Solutions"), "solution", 20),
    ("quotes", _("Quotes"), "quote", 30),
)
