"""Contracts (购销合同/采购合同), their review (合同评审) and the final project profit
(最终项目利润): actual costs booked against a signed contract."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from presales.events.models import subject_events
from presales.lib.forms import TEXT_LONG, TEXT_SHORT
from presales.lib.uploads import DocumentFileField, stored_name

# Our side of every contract unless typed otherwise (the company name is data on the contract).
DEFAULT_PARTY_B = "本公司"


class ContractKind(models.TextChoices):
    SALES = "sales", _("Sales contract (no tender)")  # 购销合同
    PURCHASE = "purchase", _("Purchase contract (tender won)")  # 采购合同


# The seed's document names, used in titles stored on rounds and deliverables.
KIND_DOCUMENT = {ContractKind.SALES: "购销合同", ContractKind.PURCHASE: "采购合同"}


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In contract review")
    APPROVED = "approved", _("Review passed")
    RETURNED = "returned", _("Returned by review")
    SIGNED = "signed", _("Signed")


# The fields of a contract its drafter fills (the form and the services use this one list).
CONTRACT_EDIT_FIELDS = [
    "kind",
    "number",
    "title",
    "quote_version",
    "party_a",
    "party_b",
    "amount",
    "payment_terms",
    "delivery_date",
    "notes",
]


class ContractCounter(models.Model):
    """The last contract number handed out per year (HT-<year>-<seq>)."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Contract(models.Model):
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", verbose_name=_("opportunity"), on_delete=models.PROTECT, related_name="contracts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContractKind.choices)
    number = models.CharField(_("contract number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    quote_version = models.ForeignKey(
        "quotes.QuoteVersion",
        verbose_name=_("approved quote"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
    )
    party_a = models.CharField(_("party A (customer)"), max_length=200)
    party_b = models.CharField(_("party B (our company)"), max_length=200, default=DEFAULT_PARTY_B)
    amount = models.DecimalField(_("contract amount (CNY)"), max_digits=14, decimal_places=2, default=0)
    payment_terms = models.TextField(_("payment terms"), blank=True, max_length=TEXT_SHORT)
    delivery_date = models.DateField(_("delivery date"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ContractStatus.choices, default=ContractStatus.DRAFT)
    return_reasons = models.TextField(_("reasons of the last return"), blank=True, max_length=TEXT_LONG)
    notes = models.TextField(_("notes"), blank=True, max_length=TEXT_LONG)
    # Actual costs are provisional (暂估) until finance marks their entry complete (最终).
    costs_complete = models.BooleanField(_("actual costs complete"), default=False, editable=False)
    costs_completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("costs marked complete by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    costs_completed_at = models.DateTimeField(_("costs marked complete at"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version"])
    events = subject_events()

    class Meta:
        ordering = ["-created_at", "-id"]
        # the sort keys of the contract and profit lists (presales.lib.sorting); number is unique
        indexes = [
            models.Index(fields=["created_at"], name="contract_created_idx"),
            models.Index(fields=["title"], name="contract_title_idx"),
            models.Index(fields=["kind"], name="contract_kind_idx"),
            models.Index(fields=["amount"], name="contract_amount_idx"),
            models.Index(fields=["status"], name="contract_status_idx"),
            models.Index(fields=["signed_on"], name="contract_signed_idx"),
        ]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def document_name(self) -> str:
        return KIND_DOCUMENT.get(self.kind, self.get_kind_display())

    @property
    def is_editable(self) -> bool:
        return self.status in (ContractStatus.DRAFT, ContractStatus.RETURNED)


class ContractFileKind(models.TextChoices):
    DRAFT = "draft", _("Contract draft")
    SIGNED = "signed", _("Signed contract")
    OTHER = "other", _("Other")


def contract_upload_to(instance, filename: str) -> str:
    return f"contracts/{instance.contract_id}/{filename}"


class ContractFile(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=20, choices=ContractFileKind.choices, default=ContractFileKind.DRAFT)
    file = DocumentFileField(_("file"), upload_to=contract_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)  # whole, as uploaded
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("contract file")
        verbose_name_plural = _("contract files")

    def __str__(self) -> str:
        return self.file_name

    @property
    def file_name(self) -> str:
        return stored_name(self.file, self.original_name)


class CostCategory(models.TextChoices):
    EQUIPMENT = "equipment", _("Equipment purchase")  # 设备采购
    OUTSOURCED = "outsourced", _("Outsourced parts")  # 外购件
    CONSTRUCTION = "construction", _("Construction")  # 施工
    TRAVEL = "travel", _("Travel")  # 差旅
    OTHER = "other", _("Other")  # 其他


class ActualCost(models.Model):
    """A cost actually incurred on a contract (for the final project profit)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="actual_costs")
    category = models.CharField(_("category"), max_length=20, choices=CostCategory.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2)
    incurred_on = models.DateField(_("incurred on"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["incurred_on", "id"]
        verbose_name = _("actual cost")
        verbose_name_plural = _("actual costs")

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.amount}"
