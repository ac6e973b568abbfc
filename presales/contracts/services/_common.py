"""What the contract services share: the row lock, the contract's page and adding a file
(with its event). Private to the services package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from presales.accounts.models import User
from presales.contracts import access, events
from presales.contracts.models import Contract, ContractFile
from presales.lib.services import ServiceError

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile


def contract_url(contract: Contract) -> str:
    return reverse("contracts:detail", args=[contract.pk])


def _lock(contract: Contract) -> Contract:
    return Contract.objects.select_for_update().select_related("opportunity").get(pk=contract.pk)


def _lock_for_drafter(contract: Contract, user: User) -> Contract:
    """The contract, locked, if the user may draft on its opportunity."""
    locked = _lock(contract)
    if not access.can_draft(user, locked.opportunity):
        raise PermissionDenied
    return locked


def _refuse_unless_editable(contract: Contract, message: str) -> None:
    """Only a draft or a returned contract changes; `message` says what was refused."""
    if not contract.is_editable:
        raise ServiceError(message % {"status": contract.get_status_display()})


def _add_file(contract: Contract, user: User, file: UploadedFile | None, kind: str) -> ContractFile:
    attachment = ContractFile(contract=contract, kind=kind, uploaded_by=user)
    attachment.file = file
    attachment.save()
    events.file_added(contract, attachment, user)
    return attachment
