"""Writing the event stream: `record`, which the kinds' constructors in `<app>/events.py`
call inside the transaction of the service that made the change."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from presales.accounts.models import User
from presales.events import registry
from presales.events.models import Event


def record(
    kind: str,
    actor: User,
    *,
    opportunity: Any = None,
    customer: models.Model | None = None,
    subject: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """Write one event. The kind must be declared (presales.events.registry): a closed set,
    so that every event can be rendered in the reader's language. The customer of an
    opportunity's event is the opportunity's customer. (`opportunity` is an Opportunity, left
    untyped: this app sits below the apps that write it and imports none of them.)"""
    if registry.get(kind) is None:
        raise ValueError(f"Unknown event kind {kind!r}: declare it in the events.py of its app.")
    if customer is None and opportunity is not None:
        customer_id = opportunity.customer_id
    else:
        customer_id = customer.pk if customer is not None else None
    return Event.objects.create(
        kind=kind,
        actor=actor,
        opportunity=opportunity,
        customer_id=customer_id,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        data=data or {},
    )
