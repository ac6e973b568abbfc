"""Every change to customers and contacts: one function each, in a transaction, audited
(django-simple-history records who and what; the acting user is passed explicitly)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.customers import access
from presales.customers.models import Contact, Customer, normalize_name
from presales.lib.services import ServiceError, apply_changes, check_text_limits, check_version
from presales.lib.services import save_with_history as _save

CUSTOMER_FIELDS = ["name", "short_name", "industry", "region", "size", "source", "status", "owner", "address", "notes"]
CONTACT_FIELDS = ["name", "title", "phone", "email", "decision_role", "attitude", "concerns"]


def duplicate_of(name: str, *, exclude_pk: int | None = None) -> Customer | None:
    """The existing customer that `name` would duplicate (same name after normalising)."""
    qs = Customer.objects.select_related("owner").filter(name_key=normalize_name(name))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def duplicate_message(existing: Customer, user: User | None = None) -> str:
    """Why the name is refused; who to ask only when that is someone else than `user`."""
    if user is not None and existing.owner_id == user.pk:
        return _("You already have a customer named “%(name)s”: open it instead of adding it again.") % {
            "name": existing.name
        }
    return _("A customer named “%(name)s” already exists (owner: %(owner)s). Ask them to share it with you.") % {
        "name": existing.name,
        "owner": existing.owner.display_name,
    }


@transaction.atomic
def customer_create(*, user: User, data: dict[str, Any]) -> Customer:
    if not access.can_create(user):
        raise PermissionDenied
    name = (data.get("name") or "").strip()
    if not name:
        raise ServiceError(_("The customer name is required."))
    existing = duplicate_of(name)
    if existing:
        raise ServiceError(duplicate_message(existing, user))
    customer = Customer(owner=user)
    apply_changes(customer, {**data, "name": name}, CUSTOMER_FIELDS)
    if not access.can_reassign(user):
        customer.owner = user
    customer.name_key = normalize_name(name)
    customer.updated_by = user
    _save(customer, user)
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, user: User, data: dict[str, Any], seen_version: int | None) -> Customer:
    locked = Customer.objects.select_for_update().get(pk=customer.pk)
    if not access.can_edit(user, locked):
        raise PermissionDenied
    check_version(locked, seen_version)
    fields = [f for f in CUSTOMER_FIELDS if f != "owner" or access.can_reassign(user)]
    if "name" in data:
        data = {**data, "name": (data["name"] or "").strip()}
        existing = duplicate_of(data["name"], exclude_pk=locked.pk)
        if existing:
            raise ServiceError(duplicate_message(existing, user))
    changed = apply_changes(locked, data, fields)
    if changed:
        locked.name_key = normalize_name(locked.name)
        locked.version += 1
        locked.updated_by = user
        _save(locked, user)
    return locked


@transaction.atomic
def contact_save(
    *,
    customer: Customer,
    user: User,
    data: dict[str, Any],
    contact: Contact | None = None,
    seen_version: int | None = None,
) -> Contact:
    """Add a contact, or change one (`contact` given) unless someone else saved it since
    `seen_version` was read."""
    if not access.can_edit(user, customer):
        raise PermissionDenied
    if contact is None:
        contact = Contact(customer=customer)
        apply_changes(contact, data, CONTACT_FIELDS)
        _save(contact, user)
        return contact
    if contact.customer_id != customer.pk:
        raise PermissionDenied
    locked = Contact.objects.select_for_update().filter(pk=contact.pk).first()
    if locked is None:
        raise ServiceError(_("This contact was deleted by someone else meanwhile; nothing was saved."))
    check_version(locked, seen_version)
    if apply_changes(locked, data, CONTACT_FIELDS):
        locked.version += 1
        _save(locked, user)
    return locked


@transaction.atomic
def contact_delete(*, contact: Contact, user: User) -> None:
    if not access.can_edit(user, contact.customer):
        raise PermissionDenied
    contact._history_user = user  # type: ignore[attr-defined]  # read by django-simple-history on delete
    contact.delete()


@dataclass
class ImportReport:
    created: list[Customer] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number in the sheet, message)

    @property
    def ok(self) -> bool:
        return not self.errors


@transaction.atomic
def customers_import(*, user: User, rows: list[tuple[int, dict[str, Any]]]) -> ImportReport:
    """Create customers from parsed spreadsheet rows, all or nothing.

    Every row is checked first (required fields, choices, duplicates against the database
    and within the file); if any row has an error nothing is created and the report lists
    each error by row number.
    """
    if not access.can_import(user):
        raise PermissionDenied
    report = ImportReport()
    seen: dict[str, int] = {}
    for row_number, data in rows:
        name = (data.get("name") or "").strip()
        row_errors = data.pop("_errors", [])
        for message in row_errors:
            report.errors.append((row_number, message))
        if not name:
            if not row_errors:  # the parser already reported the missing name
                report.errors.append((row_number, _("The customer name is required.")))
            continue
        key = normalize_name(name)
        if key in seen:
            report.errors.append((row_number, _("Same customer as row %(row)s of this file.") % {"row": seen[key]}))
            continue
        seen[key] = row_number
        owner = data.get("owner")
        if owner is not None and owner.pk != user.pk and not access.can_reassign(user):
            report.errors.append((row_number, _("You can only import customers that you own.")))
        existing = duplicate_of(name)
        if existing:
            report.errors.append((row_number, duplicate_message(existing, user)))
        try:  # a cell longer than its column: said by row, before anything is saved
            check_text_limits(Customer(**{k: v for k, v in data.items() if k in CUSTOMER_FIELDS and k != "owner"}))
        except ServiceError as exc:
            report.errors.extend((row_number, message) for message in exc.messages)
    if report.errors:
        return report
    for _row_number, data in rows:
        report.created.append(customer_create(user=user, data=data))
    return report
