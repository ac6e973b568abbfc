"""Product catalog, purchased components (外购件) and the configurator rules (issue 4).

Everything an admin or the commercial team maintains is data: the category tree, the typed
parameters of a category, the model-code rules (型号规则) and the system configuration rules.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from presales.lib.bounds import LEAD_TIME_DAYS_MAX, PRICE_MAX, AtMost
from presales.lib.forms import TEXT_LONG
from presales.lib.uploads import DocumentFileField, stored_name


# ---------------------------------------------------------------------------
# Products
# ---------------------------------------------------------------------------
class ProductCategory(models.Model):
    """A node of the product tree, e.g. 电力市场产品 › 通信电源系统."""

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="catalog_category_unique_name")]

    def __str__(self) -> str:
        return self.name


class ValueType(models.TextChoices):
    INT = "int", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")
    TEXT = "text", _("Text")


class ParameterDefinition(models.Model):
    """A typed spec parameter of the products of a category (and its sub-categories)."""

    category = models.ForeignKey(
        ProductCategory, verbose_name=_("category"), on_delete=models.CASCADE, related_name="parameters"
    )
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=60)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    value_type = models.CharField(_("value type"), max_length=10, choices=ValueType.choices, default=ValueType.TEXT)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["category", "order", "key"]
        verbose_name = _("parameter definition")
        verbose_name_plural = _("parameter definitions")
        constraints = [models.UniqueConstraint(fields=["category", "key"], name="catalog_parameter_unique_key")]

    def __str__(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label


class ProductStatus(models.TextChoices):
    ACTIVE = "active", _("In production")
    DISCONTINUED = "discontinued", _("Discontinued")


# A price or cost: 0 … ¥1,000,000,000.00, like a quote line's unit price (presales.lib.bounds).
PRICE_VALIDATORS = [MinValueValidator(Decimal("0")), AtMost(PRICE_MAX, money=True)]
LEAD_TIME_VALIDATORS = [AtMost(LEAD_TIME_DAYS_MAX)]
MONEY = {"max_digits": 14, "decimal_places": 2, "validators": PRICE_VALIDATORS}


# What the product form edits (the services also take the typed parameters).
PRODUCT_FORM_FIELDS = [
    "category",
    "model_code",
    "name",
    "unit",
    "list_price",
    "standard_cost",
    "channel_price",
    "lead_time_days",
    "status",
    "description",
]


class Product(models.Model):
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="products"
    )
    model_code = models.CharField(_("model code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=10, default="台")
    list_price = models.DecimalField(_("list price"), **MONEY)
    standard_cost = models.DecimalField(_("standard cost"), null=True, blank=True, **MONEY)
    channel_price = models.DecimalField(_("channel price"), null=True, blank=True, **MONEY)
    lead_time_days = models.PositiveIntegerField(
        _("lead time (days)"), null=True, blank=True, validators=LEAD_TIME_VALIDATORS
    )
    status = models.CharField(_("status"), max_length=20, choices=ProductStatus.choices, default=ProductStatus.ACTIVE)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_LONG)
    params = models.JSONField(_("spec parameters"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["category__order", "model_code"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return f"{self.model_code} {self.name}"

    @property
    def is_active(self) -> bool:
        return self.status == ProductStatus.ACTIVE


def datasheet_upload_to(instance: ProductDatasheet, filename: str) -> str:
    return f"catalog/datasheets/{instance.product_id}/{filename}"


class ProductDatasheet(models.Model):
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="datasheets")
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = DocumentFileField(_("file"), upload_to=datasheet_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)  # whole, as uploaded
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("datasheet")
        verbose_name_plural = _("datasheets")

    def __str__(self) -> str:
        return self.title or self.filename

    @property
    def filename(self) -> str:
        return stored_name(self.file, self.original_name)


# ---------------------------------------------------------------------------
# Purchased components (外购件)
# ---------------------------------------------------------------------------
class Brand(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    country = models.CharField(_("country"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self) -> str:
        return self.name


class Supplier(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")

    def __str__(self) -> str:
        return self.name


class ComponentCategory(models.Model):
    """E.g. UPS/逆变器, 蓄电池, 变送器, 仪表, 交流断路器, 直流断路器."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    default_brand = models.ForeignKey(
        Brand,
        verbose_name=_("default brand for tenders"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="default_for_categories",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("component category")
        verbose_name_plural = _("component categories")

    def __str__(self) -> str:
        return self.name


class Component(models.Model):
    category = models.ForeignKey(
        ComponentCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="components"
    )
    brand = models.ForeignKey(Brand, verbose_name=_("brand"), on_delete=models.PROTECT, related_name="components")
    supplier = models.ForeignKey(
        Supplier,
        verbose_name=_("supplier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="components",
    )
    model = models.CharField(_("model"), max_length=100)
    name = models.CharField(_("name"), max_length=200, blank=True)
    spec = models.CharField(
        _("spec"),
        max_length=100,
        help_text=_("Comparable specification, e.g. “3P 63A”: brands are compared over equal specs."),
    )
    unit = models.CharField(_("unit"), max_length=10, default="个")

    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "spec", "brand__name", "model"]
        verbose_name = _("purchased component")
        verbose_name_plural = _("purchased components")
        constraints = [models.UniqueConstraint(fields=["brand", "model"], name="catalog_component_unique_model")]

    def __str__(self) -> str:
        return f"{self.brand} {self.model}"


class ComponentPrice(models.Model):
    """One price of a component from a date on; the current price is the latest one not in the future."""

    component = models.ForeignKey(
        Component, verbose_name=_("component"), on_delete=models.CASCADE, related_name="prices"
    )
    price = models.DecimalField(_("price"), **MONEY)
    effective_on = models.DateField(_("effective on"))
    source = models.CharField(_("source / note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        ordering = ["component", "-effective_on", "-id"]
        verbose_name = _("component price")
        verbose_name_plural = _("component prices")
        constraints = [models.UniqueConstraint(fields=["component", "effective_on"], name="catalog_price_one_per_day")]

    def __str__(self) -> str:
        return f"{self.component} {self.price} @ {self.effective_on}"


# ---------------------------------------------------------------------------
# Configurator (配置)
# ---------------------------------------------------------------------------
class ModelCodeRule(models.Model):
    """A model-code pattern with named fields, e.g. ``IMPS{voltage}/{current}``."""

    family = models.CharField(_("family"), max_length=100, unique=True)
    pattern = models.CharField(
        _("pattern"),
        max_length=120,
        help_text=_("Literal text with {field} placeholders, e.g. IMPS{voltage}/{current}."),
    )
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="code_rules",
    )
    description = models.TextField(_("description"), blank=True, max_length=TEXT_LONG)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "family"]
        verbose_name = _("model-code rule")
        verbose_name_plural = _("model-code rules")

    def __str__(self) -> str:
        return f"{self.family} ({self.pattern_in_words})"

    @property
    def pattern_in_words(self) -> str:
        """The pattern as a user reads it: each {field} named by its label, e.g.
        IMPS〈标称电压〉/〈额定输出电流〉 (reads ``fields.all()``: prefetch it for lists)."""
        from presales.catalog.configurator import PLACEHOLDER

        labels = {field.key: field.label for field in self.fields.all()}
        return PLACEHOLDER.sub(lambda m: f"〈{labels.get(m.group(1), m.group(1))}〉", self.pattern)


class CodeField(models.Model):
    rule = models.ForeignKey(ModelCodeRule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=60)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    allowed_values = models.CharField(
        _("allowed values"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated list (24,48,110,220) or an integer range (10-400); empty: any digits."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["rule", "order", "id"]
        verbose_name = _("code field")
        verbose_name_plural = _("code fields")
        constraints = [models.UniqueConstraint(fields=["rule", "key"], name="catalog_codefield_unique_key")]

    def __str__(self) -> str:
        return self.label


class SystemRule(models.Model):
    """How a system of a code family is configured: rectifier modules with N+1 and accessories."""

    code_rule = models.ForeignKey(
        ModelCodeRule, verbose_name=_("model-code rule"), on_delete=models.PROTECT, related_name="system_rules"
    )
    name = models.CharField(_("name"), max_length=100)
    module_product = models.ForeignKey(
        Product, verbose_name=_("rectifier module"), on_delete=models.PROTECT, related_name="+"
    )
    module_rating_a = models.DecimalField(
        _("module rating (A)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    redundancy = models.PositiveSmallIntegerField(_("redundant modules (N+x)"), default=1)
    current_field = models.SlugField(
        _("current field key"),
        max_length=40,
        default="current",
        help_text=_("The code field holding the output current."),
    )
    cabinet_product = models.ForeignKey(
        Product,
        verbose_name=_("system / cabinet product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code_rule__order", "name"]
        verbose_name = _("system configuration rule")
        verbose_name_plural = _("system configuration rules")

    def __str__(self) -> str:
        return self.name


class SystemAccessory(models.Model):
    system_rule = models.ForeignKey(
        SystemRule, verbose_name=_("system rule"), on_delete=models.CASCADE, related_name="accessories"
    )
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    per_module = models.BooleanField(_("per module"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["system_rule", "order", "id"]
        verbose_name = _("system accessory")
        verbose_name_plural = _("system accessories")

    def __str__(self) -> str:
        return f"{self.product} × {self.quantity}"
