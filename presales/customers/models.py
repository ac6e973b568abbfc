from __future__ import annotations

import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from presales.lib.forms import TEXT_SHORT


def normalize_name(name: str) -> str:
    """The key used for the duplicate-name check: full-width folded, spaces and case ignored.

    「杭州市公安局 」 and 「杭州市公安局」 and 「ＡＢＣ科技」/「abc科技」 are one customer.
    """
    folded = unicodedata.normalize("NFKC", name or "")
    return "".join(folded.split()).casefold()


class Industry(models.TextChoices):
    POWER_GRID = "power_grid", _("Power grid")
    POWER_GENERATION = "power_generation", _("Power generation")
    RAIL = "rail", _("Rail transit")
    TELECOM = "telecom", _("Telecom")
    PUBLIC_SECURITY = "public_security", _("Public security")
    EDUCATION = "education", _("Education")
    GOVERNMENT = "government", _("Government")
    FINANCE = "finance", _("Banking and finance")
    HEALTHCARE = "healthcare", _("Healthcare")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    PETROCHEMICAL = "petrochemical", _("Petrochemical")
    DESIGN_INSTITUTE = "design_institute", _("Design institute")
    OTHER = "other", _("Other")


class CustomerSize(models.TextChoices):
    SMALL = "small", _("Small (<100 staff)")
    MEDIUM = "medium", _("Medium (100–999 staff)")
    LARGE = "large", _("Large (1000+ staff)")
    GROUP = "group", _("Group / provincial level")


class CustomerSource(models.TextChoices):
    VISIT = "visit", _("Sales visit")
    REFERRAL = "referral", _("Referral")
    EXHIBITION = "exhibition", _("Exhibition")
    TENDER_NOTICE = "tender_notice", _("Tender notice")
    INQUIRY = "inquiry", _("Inbound inquiry")
    DESIGN_INSTITUTE = "design_institute", _("Design institute")
    PARTNER = "partner", _("Partner / channel")
    OTHER = "other", _("Other")


class CustomerStatus(models.TextChoices):
    POTENTIAL = "potential", _("Potential")
    ACTIVE = "active", pgettext_lazy("customer status", "Active")
    KEY = "key", _("Key account")
    DORMANT = "dormant", _("Dormant")


class Customer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    industry = models.CharField(_("industry"), max_length=30, choices=Industry.choices)
    region = models.CharField(_("region"), max_length=50, blank=True, help_text=_("Province / city, e.g. 浙江省杭州市"))
    size = models.CharField(_("size"), max_length=20, choices=CustomerSize.choices, blank=True)
    source = models.CharField(_("source"), max_length=30, choices=CustomerSource.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CustomerStatus.choices, default=CustomerStatus.POTENTIAL
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="customers"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=TEXT_SHORT)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            models.Index(fields=["owner", "status"]),
            # the list's sort keys (presales.lib.sorting)
            models.Index(fields=["name"], name="customer_name_idx"),
            models.Index(fields=["short_name"], name="customer_short_name_idx"),
            models.Index(fields=["industry"], name="customer_industry_idx"),
            models.Index(fields=["region"], name="customer_region_idx"),
            models.Index(fields=["status"], name="customer_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class DecisionRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("Decision maker")
    INFLUENCER = "influencer", _("Influencer")
    USER = "user", _("User")
    GATEKEEPER = "gatekeeper", _("Gatekeeper")


class Attitude(models.TextChoices):
    CHAMPION = "champion", _("Supporter")
    FAVOURABLE = "favourable", _("Favourable")
    NEUTRAL = "neutral", _("Neutral")
    SCEPTICAL = "sceptical", _("Sceptical")
    OPPOSED = "opposed", _("Opposed")


class Contact(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    title = models.CharField(pgettext_lazy("person", "title"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    decision_role = models.CharField(_("role in the decision"), max_length=20, choices=DecisionRole.choices, blank=True)
    attitude = models.CharField(_("attitude"), max_length=20, choices=Attitude.choices, default=Attitude.NEUTRAL)
    concerns = models.TextField(
        _("what they care about"),
        blank=True,
        max_length=TEXT_SHORT,
        help_text=_("Key leanings: technical architecture, references and service response, functions, competitors…"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["customer", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name}（{self.customer.short_name or self.customer.name}）"
