"""The one event stream: a row for every change anyone makes (Saleor's order events,
healthchecks' Flip). It is the audit trail, the timelines of the pages, "my recent activity",
and the data the work reports and dashboards will be drawn from."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from presales.events import registry


class EventQuerySet(models.QuerySet):
    def about(self, obj) -> EventQuerySet:
        """The events whose subject is `obj` (a quote, a contract, a request …)."""
        return self.filter(subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk)


class Event(models.Model):
    """Who did what, when, to which object, in which opportunity and for which customer.

    `kind` is one of the kinds the apps declare in their events.py (presales.events.registry),
    e.g. "opportunities.stage_advanced". `data` holds what the kind's sentence is rendered
    from, in the reader's language at read time: ids, codes and names as they were, from/to,
    amounts as strings, the reason as typed. Never a sentence in the writer's language.
    """

    kind = models.CharField(_("kind"), max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    opportunity = models.ForeignKey(
        "opportunities.Opportunity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("opportunity"),
    )
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("customer"),
    )
    # The object the event is about (the opportunity itself, a deliverable, a quote …).
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["opportunity", "-at"]),  # an opportunity's timeline
            models.Index(fields=["customer", "-at"]),  # a customer's timeline
            models.Index(fields=["actor", "-at"]),  # a person's day: "my recent activity", work reports
            models.Index(fields=["subject_type", "subject_id", "-at"]),  # a request's, a contract's page
            models.Index(fields=["kind"]),  # dashboards: stage moves, decisions
        ]

    def __str__(self) -> str:
        kind = registry.get(self.kind)
        return f"{kind.label if kind else self.kind} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


def subject_events() -> GenericRelation:
    """`events = subject_events()` on a model that events are about: `contract.events` are
    the contract's events, deleted with it (as a foreign key's CASCADE would)."""
    return GenericRelation(Event, content_type_field="subject_type", object_id_field="subject_id")
