"""The handover to implementation (实施交接) of an opportunity and its acceptance report
(项目验收报告): the implementation team, plan, checklist of documents handed over, on-site
support visits, and the report whose approval satisfies the exit of 实施.

These models were born in the solutions app: their tables keep the names they had there
(`db_table`), so moving them lost no row (migrations/0001_initial.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from presales.events.models import subject_events
from presales.lib.forms import TEXT_LONG, TEXT_SHORT
from presales.lib.uploads import DocumentFileField, stored_name


def handover_upload_to(instance: Handover, filename: str) -> str:
    return f"handovers/{instance.opportunity_id}/{filename}"


class Handover(models.Model):
    """Handover to implementation (实施交接) of an opportunity."""

    opportunity = models.OneToOneField(
        "opportunities.Opportunity", verbose_name=_("opportunity"), on_delete=models.PROTECT, related_name="handover"
    )
    implementation_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("implementation lead"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    implementation_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("implementation team"), related_name="+", blank=True
    )
    construction_plan = DocumentFileField(
        _("construction plan"),
        upload_to=handover_upload_to,
        max_length=300,
        blank=True,
        name_field="plan_original_name",
    )
    plan_original_name = models.CharField(_("file name"), max_length=255, blank=True)
    schedule = models.TextField(_("schedule"), blank=True, max_length=TEXT_LONG)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    handed_over_at = models.DateField(_("handed over on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=TEXT_SHORT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(table_name="solutions_historicalhandover")
    events = subject_events()

    class Meta:
        db_table = "solutions_handover"
        verbose_name = _("handover to implementation")
        verbose_name_plural = _("handovers to implementation")

    def __str__(self) -> str:
        return str(self.opportunity)

    @property
    def plan_name(self) -> str:
        return stored_name(self.construction_plan, self.plan_original_name)


class HandoverChecklistItem(models.Model):
    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="checklist")
    name = models.CharField(_("document"), max_length=200)
    handed_over = models.BooleanField(_("handed over"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        db_table = "solutions_handoverchecklistitem"
        ordering = ["handover", "id"]
        verbose_name = _("checklist document")
        verbose_name_plural = _("checklist documents")

    def __str__(self) -> str:
        return self.name


class SupportVisit(models.Model):
    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("engineer"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    work_done = models.TextField(_("work done"), max_length=TEXT_LONG)
    issues = models.TextField(_("issues"), blank=True, max_length=TEXT_SHORT)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)

    class Meta:
        db_table = "solutions_supportvisit"
        ordering = ["-visited_on", "-id"]
        verbose_name = _("on-site support visit")
        verbose_name_plural = _("on-site support visits")

    def __str__(self) -> str:
        return f"{self.visited_on} {self.place}"


class AcceptanceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


def acceptance_upload_to(instance: AcceptanceReport, filename: str) -> str:
    return f"handovers/{instance.handover.opportunity_id}/acceptance/{filename}"


class AcceptanceReport(models.Model):
    """The project acceptance report (项目验收报告)."""

    handover = models.OneToOneField(
        Handover, verbose_name=_("handover"), on_delete=models.CASCADE, related_name="acceptance"
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    file = DocumentFileField(_("signed report"), upload_to=acceptance_upload_to, max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)  # whole, as uploaded
    summary = models.TextField(_("summary"), blank=True, max_length=TEXT_LONG)
    status = models.CharField(
        _("status"), max_length=20, choices=AcceptanceStatus.choices, default=AcceptanceStatus.DRAFT, editable=False
    )
    return_reasons = models.TextField(_("reasons for return"), blank=True, editable=False, max_length=TEXT_LONG)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(table_name="solutions_historicalacceptancereport")

    class Meta:
        db_table = "solutions_acceptancereport"
        verbose_name = _("acceptance report")
        verbose_name_plural = _("acceptance reports")

    def __str__(self) -> str:
        return f"{self.handover.opportunity.code} {self._meta.verbose_name}"

    @property
    def file_name(self) -> str:
        return stored_name(self.file, self.original_name)
