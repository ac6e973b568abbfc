"""What the contract services share: the row lock, the contract's page and adding a file
(with its event). Private to the services package."""

from __future__ import annotations

from django.urls import reverse

from presales.contracts import events
from presales.contracts.models import Contract, ContractFile


def contract_url(contract: Contract) -> str:
    return reverse("contracts:detail", args=[contract.pk])


def _lock(contract: Contract) -> Contract:
    return Contract.objects.select_for_update().select_related("opportunity").get(pk=contract.pk)


def _add_file(contract: Contract, user, file, kind: str) -> ContractFile:
    attachment = ContractFile(contract=contract, kind=kind, uploaded_by=user)
    attachment.file = file
    attachment.save()
    events.file_added(contract, attachment, user)
    return attachment
