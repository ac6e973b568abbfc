"""Specifications: upload (the clauses extracted from the file), the products named in the
bid, and auto-fill from the answer library and the catalog."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from presales.accounts.models import User
from presales.catalog.models import Product
from presales.lib.forms import TEXT_LONG
from presales.lib.services import ServiceError, require, save_with_history
from presales.lib.uploads import check_upload
from presales.responses import access, events
from presales.responses.fill import fill
from presales.responses.models import (
    MAX_CLAUSES,
    MAX_PRODUCTS,
    SPEC_EXTENSIONS,
    Clause,
    ClauseStatus,
    Specification,
    SpecKind,
)
from presales.responses.services._common import ANSWER_FIELDS, apply_filled, lock_spec, sync_gaps
from presales.responses.specs.extract import SpecError, extract_clauses, is_response_template
from presales.tenders import access as tender_access
from presales.tenders.models import Tender


def _check_file(file) -> None:
    from django import forms

    try:
        check_upload(file, allowed=SPEC_EXTENSIONS)
    except forms.ValidationError as exc:
        raise ServiceError(exc.messages) from exc


def _products(products: Iterable[Product]) -> list[Product]:
    products = list(dict.fromkeys(products))
    if len(products) > MAX_PRODUCTS:
        raise ServiceError(_("At most %(max)d products per bid.") % {"max": MAX_PRODUCTS})
    return products


@transaction.atomic
def spec_upload(
    *,
    user: User,
    tender: Tender,
    file,
    products: Iterable[Product] = (),
    autofill: bool = True,
) -> Specification:
    """Upload a tender's specification (.docx/.xlsx): the requirement clauses are extracted in
    document order (presales.responses.specs.extract); a file that is the buyer's own response
    table is recognised as such, so its rows can be written back. Then, unless told not to,
    the table is auto-filled."""
    require(tender_access.can_work_on(user, tender))
    _check_file(file)
    products = _products(products)
    file.seek(0)
    try:
        extracted = extract_clauses(file, file.name)
    except SpecError as exc:
        raise ServiceError(str(exc)) from exc
    finally:
        file.seek(0)
    if not extracted:
        raise ServiceError(_("No requirement clauses were found in this file."))
    if len(extracted) > MAX_CLAUSES:
        raise ServiceError(
            _("The file holds %(count)d clauses; at most %(max)d are read.")
            % {"count": len(extracted), "max": MAX_CLAUSES}
        )
    specification = Specification(
        tender=tender,
        file=file,
        kind=SpecKind.TEMPLATE if is_response_template(extracted) else SpecKind.SPECIFICATION,
        uploaded_by=user,
        extracted_at=timezone.now(),
    )
    save_with_history(specification, user, "uploaded")
    specification.products.set(products)
    clauses = [
        Clause(
            specification=specification,
            order=n,
            number=(item.number or "")[:40],
            text=_cut(item.text, TEXT_LONG),
            star=item.star,
            triangle=item.triangle,
            mandatory=item.mandatory,
            section=(item.section or "")[:300],
            parameter=(item.parameter or "")[:200],
            required_value=(item.required_value or "")[:500],
            locator=item.locator or {},
            template_row=bool(getattr(item, "template", False)),
        )
        for n, item in enumerate(extracted, start=1)
    ]
    Clause.objects.bulk_create(clauses)
    events.spec_uploaded(specification, user, len(clauses))
    if autofill:
        _autofill(specification, user)
    return specification


def _cut(text: str, limit: int) -> str:
    """A clause the file gives longer than the column holds (a whole section read as one
    paragraph) is kept up to the limit, marked as cut; the file keeps the rest."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@transaction.atomic
def spec_set_products(*, user: User, specification: Specification, products: Iterable[Product]) -> None:
    """Name the products offered: the 投标人保证值 and the matcher's product preference come from
    them (auto-fill again to apply)."""
    require(access.can_work(user, specification))
    locked = lock_spec(specification)
    locked.products.set(_products(products))


@transaction.atomic
def spec_autofill(*, user: User, specification: Specification) -> int:
    """Fill every clause not answered yet by a person from the library (one matcher call for
    them all) and the catalog. Answered clauses are kept as they are. Returns how many were
    matched."""
    require(access.can_work(user, specification))
    return _autofill(lock_spec(specification), user)


def _autofill(specification: Specification, user: User) -> int:
    clauses = list(
        Clause.objects.select_for_update()
        .filter(specification=specification)
        .exclude(status=ClauseStatus.ANSWERED)
        .order_by("order", "id")
    )
    products = list(specification.products.order_by("pk"))
    proposed = fill(clauses, user=user, products=products)
    for clause, filled in zip(clauses, proposed, strict=True):
        apply_filled(clause, filled)
        clause.version += 1
    # Each clause's history gets a row (by the user who ran the auto-fill), as a hand edit does.
    bulk_update_with_history(clauses, Clause, [*ANSWER_FIELDS, "version"], batch_size=500, default_user=user)
    specification.autofilled_at = timezone.now()
    specification.save(update_fields=["autofilled_at"])
    sync_gaps(specification, clauses)
    matched = sum(1 for f in proposed if f.entry_id)
    events.autofilled(specification, user, len(clauses), matched)
    return matched
