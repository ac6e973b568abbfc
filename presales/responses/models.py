"""The tender response (issue 13): a tender's specification, its requirement clauses with
their answers (the 技术偏差表), the product gaps that every 负偏离 leaves on the opportunity,
and the admin's technical-bid templates.

A clause keeps where it stands in the source file (`locator`, from
presales.responses.specs.extract), so the buyer's own response table can be filled in place
(presales.responses.specs.writeback) and a reader can find it in the document.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from presales.lib.forms import TEXT_LONG, TEXT_SHORT
from presales.lib.uploads import DocumentFileField, stored_name

SPEC_EXTENSIONS = frozenset({"docx", "xlsx"})
MAX_CLAUSES = 2000  # clauses kept from one specification: a 300-clause spec is a large one
MAX_PRODUCTS = 20  # products named in one bid


class SpecKind(models.TextChoices):
    SPECIFICATION = "specification", _("Technical specification")
    TEMPLATE = "template", _("Buyer's response table")


def spec_upload_to(instance: Specification, filename: str) -> str:
    return f"responses/specs/{instance.tender_id}/{filename}"


class Specification(models.Model):
    """One uploaded file of a tender whose requirement clauses are answered: the technical
    specification, or the buyer's own deviation table (a template its rows are written into)."""

    tender = models.ForeignKey(
        "tenders.Tender", verbose_name=_("tender"), on_delete=models.CASCADE, related_name="specifications"
    )
    file = DocumentFileField(_("file"), upload_to=spec_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SpecKind.choices, default=SpecKind.SPECIFICATION)
    products = models.ManyToManyField(
        "catalog.Product", verbose_name=_("products offered"), blank=True, related_name="+"
    )
    extracted_at = models.DateTimeField(_("extracted at"), null=True, blank=True)
    autofilled_at = models.DateTimeField(_("auto-filled at"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["products"])

    class Meta:
        ordering = ["tender", "created_at", "id"]
        verbose_name = _("specification")
        verbose_name_plural = _("specifications")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return stored_name(self.file, self.original_name)

    @property
    def is_template(self) -> bool:
        return self.kind == SpecKind.TEMPLATE


class ClauseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    TO_CONFIRM = "to_confirm", _("To confirm")
    ANSWERED = "answered", _("Answered")


class Deviation(models.TextChoices):
    """The 偏离情况 column; the labels are the words a Chinese deviation table uses."""

    NONE = "none", _("No deviation")
    POSITIVE = "positive", _("Positive deviation")
    NEGATIVE = "negative", _("Negative deviation")
    TO_CONFIRM = "to_confirm", _("To be confirmed")


# The words written into a buyer's own table (presales.responses.specs.writeback.FilledRow):
# the buyer's language, whatever the user's.
DEVIATION_WORDS = {
    Deviation.NONE: "无偏离",
    Deviation.POSITIVE: "正偏离",
    Deviation.NEGATIVE: "负偏离",
    Deviation.TO_CONFIRM: "需人工确认",
}


class Clause(models.Model):
    """One requirement clause of a specification and its answer. `version` is the optimistic
    lock: two engineers answering the same table never overwrite each other's answer."""

    specification = models.ForeignKey(
        Specification, verbose_name=_("specification"), on_delete=models.CASCADE, related_name="clauses"
    )
    order = models.PositiveIntegerField(_("order"))
    number = models.CharField(_("clause number"), max_length=40, blank=True)
    text = models.TextField(_("requirement"), max_length=TEXT_LONG)
    star = models.BooleanField(_("★ substantive"), default=False)
    triangle = models.BooleanField(_("▲ important"), default=False)
    mandatory = models.BooleanField(_("mandatory wording"), default=False)
    section = models.CharField(_("section"), max_length=300, blank=True)
    parameter = models.CharField(_("parameter"), max_length=200, blank=True)
    required_value = models.CharField(_("required value"), max_length=500, blank=True)
    locator = models.JSONField(_("where it stands"), default=dict, blank=True)
    template_row = models.BooleanField(_("row of the buyer's table"), default=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=ClauseStatus.choices, default=ClauseStatus.OPEN)
    response = models.TextField(_("response"), blank=True, max_length=TEXT_LONG)
    deviation = models.CharField(_("deviation"), max_length=20, choices=Deviation.choices, default=Deviation.TO_CONFIRM)
    deviation_note = models.TextField(_("deviation note"), blank=True, max_length=TEXT_SHORT)
    guarantee = models.CharField(_("bidder's guaranteed value"), max_length=200, blank=True)
    entry = models.ForeignKey(
        "answers.AnswerEntry",
        verbose_name=_("library answer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confidence = models.FloatField(
        _("confidence"), null=True, blank=True, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    reasons = models.JSONField(_("why"), default=list, blank=True)
    suggestions = models.JSONField(_("suggested answers"), default=list, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["suggestions", "reasons", "locator", "updated_at"])

    class Meta:
        ordering = ["specification", "order", "id"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        indexes = [
            models.Index(fields=["specification", "order", "id"], name="responses_clause_order"),
            models.Index(fields=["specification", "status"], name="responses_clause_status"),
            models.Index(fields=["assigned_to", "status"], name="responses_clause_assignee"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}".strip()

    @property
    def label(self) -> str:
        """How a message names the clause: its number, else its place."""
        return self.number or f"#{self.order}"

    @property
    def deviation_words(self) -> str:
        return DEVIATION_WORDS.get(self.deviation, "")

    @property
    def where(self) -> str:
        """Where the clause stands in the source file, as a reader finds it (numbers from 1)."""
        from django.utils.translation import gettext

        locator = self.locator if isinstance(self.locator, dict) else {}
        kind = locator.get("kind")
        try:
            if kind == "paragraph":
                return gettext("paragraph %(n)d") % {"n": int(locator.get("index", 0)) + 1}
            if kind == "table":
                return gettext("table %(t)d, row %(r)d") % {
                    "t": int(locator.get("table", 0)) + 1,
                    "r": int(locator.get("row", 0)) + 1,
                }
            if kind == "sheet":
                return gettext("sheet “%(s)s”, row %(r)d") % {
                    "s": str(locator.get("sheet", ""))[:31],
                    "r": int(locator.get("row", 0)) + 1,
                }
        except (TypeError, ValueError):
            return ""
        return ""


class GapStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class ProductGap(models.Model):
    """A requirement our product does not meet (a 负偏离 answer), on the opportunity, with the
    deal it costs: what the product gap report of a later issue adds up. One per clause; it is
    resolved when the clause's answer stops being a 负偏离, and reopened if it becomes one again."""

    opportunity = models.ForeignKey(
        "opportunities.Opportunity", verbose_name=_("opportunity"), on_delete=models.CASCADE, related_name="+"
    )
    clause = models.OneToOneField(Clause, verbose_name=_("clause"), on_delete=models.CASCADE, related_name="gap")
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requirement = models.TextField(_("requirement"), max_length=TEXT_LONG)
    deal_amount = models.DecimalField(_("deal amount (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=GapStatus.choices, default=GapStatus.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("product gap")
        verbose_name_plural = _("product gaps")
        indexes = [models.Index(fields=["opportunity", "status"], name="responses_gap_opportunity")]

    def __str__(self) -> str:
        return self.requirement[:80]


def bid_template_upload_to(instance: TechnicalBidTemplate, filename: str) -> str:
    return f"responses/bid-templates/{filename}"


class TechnicalBidTemplate(models.Model):
    """A Word (docxtpl) template of the technical bid, kept by an admin. The active one is
    used; without one, the built-in template (presales.responses.specs.techbid)."""

    name = models.CharField(_("name"), max_length=100)
    file = DocumentFileField(_("file"), upload_to=bid_template_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    company = models.CharField(_("company name on the cover"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-is_active", "-created_at", "id"]
        verbose_name = _("technical bid template")
        verbose_name_plural = _("technical bid templates")

    def __str__(self) -> str:
        return self.name
