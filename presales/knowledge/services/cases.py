"""Every change to success cases and competitor profiles: one function each, in a
transaction, permission checked first (presales.knowledge.access_reuse), with an event
(presales.knowledge.events_reuse) and history (django-simple-history)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.knowledge import access_reuse as access
from presales.knowledge import events_reuse as events
from presales.knowledge.competitor_names import name_key, split_names
from presales.knowledge.models import Document
from presales.knowledge.models_reuse import Competitor, SuccessCase
from presales.lib.services import ServiceError, apply_changes, check_version, require
from presales.lib.services import save_with_history as _save

CASE_FIELDS = ["title", "customer", "customer_name", "industry", "scope", "amount", "year", "may_cite", "opportunity"]
COMPETITOR_FIELDS = ["name", "aliases", "products", "strengths", "weaknesses", "typical_prices"]


def _check_documents(user: User, documents: Iterable[Document] | None) -> list[Document] | None:
    """The documents a case or a profile may name: those the acting user reads."""
    if documents is None:
        return None
    from presales.knowledge.access import documents_visible_to

    chosen = list(documents)
    readable = set(documents_visible_to(user).filter(pk__in=[d.pk for d in chosen]).values_list("pk", flat=True))
    if any(d.pk not in readable for d in chosen):
        raise ServiceError(_("You may only attach library documents you can read."))
    return chosen


def _set_documents(user: User, relation, chosen: list[Document] | None, changed: list[str]) -> None:
    """Replace the documents the user sees; keep the ones he cannot see (his form did not
    show them, so leaving them out is no request to remove them)."""
    if chosen is None:
        return
    from presales.knowledge.access import documents_visible_to

    current = set(relation.values_list("pk", flat=True))
    hidden = current - set(documents_visible_to(user).filter(pk__in=current).values_list("pk", flat=True))
    new = {d.pk for d in chosen} | hidden
    if new != current:
        relation.set(sorted(new))
        changed.append("documents")


def _set_products(relation, products: Iterable | None, changed: list[str]) -> None:
    if products is None:
        return
    new = {p.pk for p in products}
    if new != set(relation.values_list("pk", flat=True)):
        relation.set(sorted(new))
        changed.append("products")


def _check_opportunity(user: User, opportunity) -> None:
    from presales.opportunities.access import sees_opportunity

    if opportunity is not None and not sees_opportunity(user, opportunity.pk):
        raise ServiceError(_("Choose an opportunity you can see."))


@transaction.atomic
def case_create(
    *, user: User, data: dict[str, Any], products: Iterable | None = None, documents: Iterable[Document] | None = None
) -> SuccessCase:
    """A new success case, owned by its author (a presales engineer or manager)."""
    require(access.can_write_cases(user))
    _check_opportunity(user, data.get("opportunity"))
    chosen = _check_documents(user, documents)
    case = SuccessCase(owner=user)
    apply_changes(case, data, CASE_FIELDS)
    if not case.industry and case.customer is not None:
        case.industry = case.customer.industry
    _save(case, user)
    _set_products(case.products, products, [])
    _set_documents(user, case.documents, chosen, [])
    events.case_created(case, user)
    return case


@transaction.atomic
def case_update(
    *,
    user: User,
    case: SuccessCase,
    data: dict[str, Any],
    products: Iterable | None = None,
    documents: Iterable[Document] | None = None,
    seen_version: int | str | None = None,
) -> SuccessCase:
    require(access.can_write_cases(user))
    locked = SuccessCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    check_version(locked, seen_version)
    if data.get("opportunity") is not None and data["opportunity"].pk != locked.opportunity_id:
        _check_opportunity(user, data["opportunity"])
    chosen = _check_documents(user, documents)
    changed = apply_changes(locked, data, CASE_FIELDS)
    _set_products(locked.products, products, changed)
    _set_documents(user, locked.documents, chosen, changed)
    if changed:
        locked.version = F("version") + 1
        _save(locked, user, _("Changed: %(fields)s") % {"fields": ", ".join(changed)})
        locked.refresh_from_db()
        events.case_updated(locked, user, changed)
    return locked


def _check_competitor_name(name: str, aliases: str, *, exclude: int | None = None) -> None:
    """One profile per company: its name and aliases are no other profile's name or alias."""
    keys = {name_key(name), *(name_key(a) for a in split_names(aliases))}
    others = Competitor.objects.all() if exclude is None else Competitor.objects.exclude(pk=exclude)
    for other in others.only("name", "aliases"):
        if keys & {name_key(other.name), *(name_key(a) for a in split_names(other.aliases))}:
            raise ServiceError(
                _("“%(name)s” is already a name of the competitor profile “%(other)s”.")
                % {"name": name, "other": other.name}
            )


@transaction.atomic
def competitor_create(*, user: User, data: dict[str, Any], documents: Iterable[Document] | None = None) -> Competitor:
    require(access.can_write_competitors(user))
    chosen = _check_documents(user, documents)
    competitor = Competitor(created_by=user)
    apply_changes(competitor, data, COMPETITOR_FIELDS)
    competitor.name = " ".join(competitor.name.split())
    if not competitor.name:
        raise ServiceError(_("Enter the competitor's name."))
    _check_competitor_name(competitor.name, competitor.aliases)
    _save(competitor, user)
    _set_documents(user, competitor.documents, chosen, [])
    events.competitor_created(competitor, user)
    return competitor


@transaction.atomic
def competitor_update(
    *,
    user: User,
    competitor: Competitor,
    data: dict[str, Any],
    documents: Iterable[Document] | None = None,
    seen_version: int | str | None = None,
) -> Competitor:
    require(access.can_write_competitors(user))
    locked = Competitor.objects.select_for_update().get(pk=competitor.pk)
    check_version(locked, seen_version)
    chosen = _check_documents(user, documents)
    changed = apply_changes(locked, data, COMPETITOR_FIELDS)
    if "name" in changed or "aliases" in changed:
        locked.name = " ".join(locked.name.split())
        _check_competitor_name(locked.name, locked.aliases, exclude=locked.pk)
    _set_documents(user, locked.documents, chosen, changed)
    if changed:
        locked.version = F("version") + 1
        _save(locked, user, _("Changed: %(fields)s") % {"fields": ", ".join(changed)})
        locked.refresh_from_db()
        events.competitor_updated(locked, user, changed)
    return locked


@transaction.atomic
def competitors_sync_from_opportunities(*, user: User) -> list[Competitor]:
    """Create a profile for every competitor name the opportunities mention (their
    competitor field, and the winner of a lost deal) that no profile has as its name or an
    alias. Reads every opportunity — not only those the manager sees: a manager sees all
    anyway (opportunities.access), and only names are taken, never an opportunity's data."""
    from presales.opportunities.models import Opportunity

    require(access.can_sync_competitors(user))
    known = set()
    for name, aliases in Competitor.objects.select_for_update().values_list("name", "aliases"):
        known.add(name_key(name))
        known.update(name_key(a) for a in split_names(aliases))
    found: dict[str, str] = {}
    rows = Opportunity.objects.exclude(competitors="", winning_competitor="").values_list(
        "competitors", "winning_competitor"
    )
    for competitors, winner in rows.iterator(chunk_size=2000):
        for name in [*split_names(competitors), *split_names(winner)]:
            key = name_key(name)
            if key not in known and key not in found:
                found[key] = name
    created = [Competitor(name=name, created_by=user) for name in sorted(found.values())]
    for competitor in created:
        _save(competitor, user, _("Created from the opportunities' competitor names"))
    if created:
        events.competitors_synced(user, [c.name for c in created])
    return created
