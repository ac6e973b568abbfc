"""Signing: the contract signed by both parties becomes the implementation stage's deliverable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.contracts import access, events
from presales.contracts.models import Contract, ContractFileKind, ContractStatus
from presales.contracts.services._common import _add_file, _lock, contract_url
from presales.lib.services import ServiceError
from presales.lib.services import save_with_history as _save

if TYPE_CHECKING:
    from datetime import date

    from django.core.files.uploadedfile import UploadedFile


@transaction.atomic
def contract_sign(*, contract: Contract, user: User, signed_on: date | None, file: UploadedFile | None) -> Contract:
    """Record the contract signed by both parties (after the review passed): the signed copy
    becomes the implementation stage's contract deliverable."""
    from presales.opportunities.services import deliverable_record_approved

    locked = _lock(contract)
    if not access.can_sign(user, locked):
        raise PermissionDenied
    problems = []
    if locked.status != ContractStatus.APPROVED:
        problems.append(
            _("Only a contract that passed contract review can be marked signed; this one is “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    if not signed_on:
        problems.append(_("Give the date of signing."))
    elif signed_on > timezone.localdate():
        problems.append(_("The date of signing cannot be in the future."))
    if not file:
        problems.append(_("Upload the signed contract (scan or PDF)."))
    if problems:
        raise ServiceError(problems)
    attachment = _add_file(locked, user, file, ContractFileKind.SIGNED)
    locked.status = ContractStatus.SIGNED
    locked.signed_on = signed_on
    locked.version += 1
    _save(locked, user, update_fields=["status", "signed_on", "version", "updated_at"])
    events.signed(locked, user)
    deliverable_record_approved(
        opportunity=locked.opportunity,
        user=user,
        fulfilled_by="contract",
        title=f"{locked.document_name} {locked.number}",
        source_url=contract_url(locked),
        file=attachment.file,
    )
    return locked
