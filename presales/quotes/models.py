"""Quote lists (项目报价清单): a quote of an opportunity, its versions (one per 跟踪 round),
sections and lines. The arithmetic lives in presales.quotes.pricing; versions cache their
totals (refreshed by the services after every change) so lists and approval routing read
one row."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from presales.events.models import subject_events
from presales.lib.bounds import PRICE_MAX, QUANTITY_MAX, AtMost
from presales.lib.forms import TEXT_LONG, TEXT_SHORT
from presales.quotes import pricing


class Quote(models.Model):
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", verbose_name=_("opportunity"), on_delete=models.CASCADE, related_name="quotes"
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    events = subject_events()

    class Meta:
        ordering = ["-created_at", "-id"]
        # the list's sort keys (presales.lib.sorting); code is unique
        indexes = [
            models.Index(fields=["created_at"], name="quote_created_idx"),
            models.Index(fields=["title"], name="quote_title_idx"),
        ]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In price review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    SUPERSEDED = "superseded", _("Superseded")


class Purpose(models.TextChoices):
    BID = "bid", _("Bid price")
    CONTRACT = "contract", _("Contract price")


# The approval template (admin data, seeded by migration 0002) that reviews each purpose's price.
TEMPLATES: dict[str, str] = {Purpose.BID: "price_review_bid", Purpose.CONTRACT: "price_review_contract"}


MONEY = {"max_digits": 14, "decimal_places": 2}
# A unit price, cost or channel price: 0 … ¥1,000,000,000.00 (presales.lib.bounds).
PRICE_VALIDATORS = [MinValueValidator(Decimal("0")), AtMost(PRICE_MAX, money=True)]


class QuoteVersion(models.Model):
    quote = models.ForeignKey(Quote, verbose_name=_("quote"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    purpose = models.CharField(_("submitted as"), max_length=10, choices=Purpose.choices, blank=True)
    note = models.TextField(_("reason of change"), blank=True, max_length=TEXT_SHORT)
    return_reasons = models.TextField(_("return reasons"), blank=True, max_length=TEXT_LONG)
    version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)
    total_amount = models.DecimalField(_("total (tax incl.)"), default=Decimal("0.00"), **MONEY)
    total_net = models.DecimalField(_("total net of tax"), default=Decimal("0.00"), **MONEY)
    total_cost = models.DecimalField(_("total cost"), default=Decimal("0.00"), **MONEY)
    missing_cost = models.PositiveIntegerField(_("lines without cost"), default=0)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["quote", "-number"]
        verbose_name = _("quote version")
        verbose_name_plural = _("quote versions")
        constraints = [models.UniqueConstraint(fields=["quote", "number"], name="quote_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.quote.code} v{self.number}"

    @property
    def margin_amount(self) -> Decimal:
        return self.total_amount - self.total_cost

    @property
    def margin_percent(self) -> Decimal | None:
        """Read by the price-review template's step conditions (ApprovalTemplateStep.applies_to)."""
        return pricing.margin_percent(self.total_amount, self.total_cost)

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class QuoteSection(models.Model):
    version = models.ForeignKey(
        QuoteVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["version", "order", "id"]
        verbose_name = _("quote section")
        verbose_name_plural = _("quote sections")

    def __str__(self) -> str:
        return self.name


class QuoteLine(models.Model):
    version = models.ForeignKey(QuoteVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="lines")
    section = models.ForeignKey(
        QuoteSection, verbose_name=_("section"), null=True, blank=True, on_delete=models.SET_NULL, related_name="lines"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    model_code = models.CharField(_("model code"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=200)
    spec = models.CharField(_("spec"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=10, default="台")
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001")), AtMost(QUANTITY_MAX)],
    )
    unit_cost = models.DecimalField(_("unit cost"), null=True, blank=True, validators=PRICE_VALIDATORS, **MONEY)
    channel_price = models.DecimalField(_("channel price"), null=True, blank=True, validators=PRICE_VALIDATORS, **MONEY)
    unit_price = models.DecimalField(_("unit price"), validators=PRICE_VALIDATORS, **MONEY)
    discount_percent = models.DecimalField(
        _("discount %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    tax_rate = models.DecimalField(
        _("tax rate %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("13"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The configured system (presales.catalog.configurator) the line was added with: the same
    # key again on a version is the same configuration (services.configuration_key).
    configuration_key = models.CharField(_("configuration"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["version", "section__order", "order", "id"]
        indexes = [
            models.Index(fields=["version", "configuration_key"], name="quote_line_configuration"),
            # the API's order of the lines (quotes.api.LINE_ORDER), of all or of one version
            models.Index(fields=["version", "order", "id"], name="quote_line_version_order"),
        ]
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")

    def __str__(self) -> str:
        return f"{self.model_code} {self.name}".strip()

    @property
    def amount(self) -> Decimal:
        return pricing.line_amount(self.quantity, self.unit_price, self.discount_percent)

    @property
    def cost(self) -> Decimal | None:
        return pricing.line_cost(self.quantity, self.unit_cost)
