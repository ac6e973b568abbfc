"""The answer library (应答集锦): standard answers to tender requirements, kept as data.

An entry states a requirement (问题/要求) with its alternative wordings, the standard answer
(标准应答), the deviation it declares (无偏离/正偏离/负偏离) and the values its answer states
(derived by presales.lib.quantities), its category (whose owner approves changes), tags and
products. Its life: draft → in review → approved → retired. A change to an approved entry is
an AnswerChange, decided through the approvals engine; the entry keeps its approved text until
the change is approved.

The matcher (presales.answers.matching) reads AnswerTerm, an inverted index of the approved
entries' requirement and wordings kept by the services, and AnswerTermStat, the number of
approved entries holding each term.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from presales.lib.forms import TEXT_LONG, TEXT_SHORT

REVIEW_INTERVAL_MAX = 60  # months; 0: never due
TERM_MAX = 40  # characters of an index term


class AnswerCategory(models.Model):
    name = models.CharField(_("name"), max_length=60)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answer_categories",
        help_text=_("Approves changes to the category's approved answers."),
    )
    description = models.TextField(_("description"), blank=True, max_length=TEXT_SHORT)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("answer category")
        verbose_name_plural = _("answer categories")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="answers_category_name_unique"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="answers_top_category_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AnswerTag(models.Model):
    name = models.CharField(_("name"), max_length=30, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("answer tag")
        verbose_name_plural = _("answer tags")

    def __str__(self) -> str:
        return self.name


class AnswerCodeCounter(models.Model):
    """The last number used per year for codes like YD-2026-0001 (incremented under lock)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Deviation(models.TextChoices):
    NONE = "none", _("No deviation")
    POSITIVE = "positive", _("Positive deviation")
    NEGATIVE = "negative", _("Negative deviation")


class AnswerStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    RETIRED = "retired", _("Retired")


class AnswerEntry(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    category = models.ForeignKey(
        AnswerCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="entries"
    )
    requirement = models.TextField(_("requirement"), max_length=TEXT_SHORT)
    answer = models.TextField(_("standard answer"), max_length=TEXT_LONG)
    deviation = models.CharField(_("deviation"), max_length=10, choices=Deviation.choices, default=Deviation.NONE)
    deviation_note = models.TextField(_("deviation note"), blank=True, max_length=TEXT_SHORT)
    # The values the answer states, derived by presales.lib.quantities: [{"name", "comparator",
    # "value", "high", "unit", "text"}], values as strings.
    stated_values = models.JSONField(_("stated values"), default=list, blank=True, editable=False)
    # The matcher's terms of the requirement and of each wording ([{term: count}, …]), kept by
    # presales.answers.indexing while the entry is approved; [] otherwise.
    match_terms = models.JSONField(default=list, blank=True, editable=False)
    tags = models.ManyToManyField(AnswerTag, verbose_name=_("tags"), blank=True, related_name="entries")
    products = models.ManyToManyField(
        "catalog.Product", verbose_name=_("products"), blank=True, related_name="answer_entries"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="answer_entries"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AnswerStatus.choices, default=AnswerStatus.DRAFT, editable=False
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"),
        default=12,
        validators=[MaxValueValidator(REVIEW_INTERVAL_MAX)],
        help_text=_("0: the answer is never due for review."),
    )
    next_review_on = models.DateField(_("next review on"), null=True, blank=True, editable=False)
    usage_count = models.PositiveIntegerField(_("times used"), default=0, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "usage_count", "stated_values", "match_terms"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("library answer")
        verbose_name_plural = _("library answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(review_interval_months__lte=REVIEW_INTERVAL_MAX), name="answers_review_interval_max"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "code"], name="answers_entry_status_code"),
            models.Index(fields=["category", "code"], name="answers_entry_category_code"),
            models.Index(fields=["owner", "next_review_on"], name="answers_entry_owner_review"),
            models.Index(fields=["status", "next_review_on"], name="answers_entry_status_review"),
            models.Index(fields=["-updated_at"], name="answers_entry_updated"),
            models.Index(fields=["-usage_count"], name="answers_entry_usage"),
        ]

    def __str__(self) -> str:
        return self.code


class WordingSource(models.TextChoices):
    MANUAL = "manual", _("Written by hand")
    LEARNED = "learned", _("Kept from a tender")


class AnswerWording(models.Model):
    """Another way buyers word the entry's requirement: matched as the requirement is."""

    entry = models.ForeignKey(AnswerEntry, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="wordings")
    text = models.TextField(_("wording"), max_length=TEXT_SHORT)
    source = models.CharField(_("source"), max_length=10, choices=WordingSource.choices, default=WordingSource.MANUAL)
    tender_label = models.CharField(_("tender"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["entry", "created_at", "pk"]
        verbose_name = _("answer wording")
        verbose_name_plural = _("answer wordings")

    def __str__(self) -> str:
        return self.text[:60]


class AnswerUsage(models.Model):
    """Where an entry was used: a tender's deviation table, a bid (D's responses record it)."""

    entry = models.ForeignKey(AnswerEntry, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="usages")
    opportunity = models.ForeignKey(
        "opportunities.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="answer_usages",
    )
    label = models.CharField(_("used in"), max_length=200)
    url = models.CharField(_("link"), max_length=300, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("used by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    used_at = models.DateTimeField(_("used at"), auto_now_add=True)

    class Meta:
        ordering = ["-used_at", "-pk"]
        verbose_name = _("answer use")
        verbose_name_plural = _("answer uses")
        indexes = [models.Index(fields=["entry", "-used_at"], name="answers_usage_entry_used")]

    def __str__(self) -> str:
        return self.label


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Applied")
    REJECTED = "rejected", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AnswerChange(models.Model):
    """A proposed change to an approved entry: the new values (`data`, JSON: the entry's
    field names, tag names, product ids), decided through the approvals engine; applied to the
    entry when approved, returned with the reasons when rejected."""

    entry = models.ForeignKey(AnswerEntry, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="changes")
    data = models.JSONField(_("proposed values"), default=dict)
    summary = models.CharField(_("what changes"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=TEXT_SHORT)
    status = models.CharField(
        _("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PENDING, editable=False
    )
    reasons = models.TextField(_("reasons"), blank=True, max_length=TEXT_LONG, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("proposed answer change")
        verbose_name_plural = _("proposed answer changes")
        indexes = [models.Index(fields=["entry", "status"], name="answers_change_entry_status")]
        constraints = [
            models.UniqueConstraint(fields=["entry"], condition=Q(status="pending"), name="answers_change_one_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.entry.code}: {self.summary}"


class AnswerTerm(models.Model):
    """One term of an approved entry's requirement or wordings, with its weight in the entry
    (the matcher's inverted index; written by presales.answers.indexing only)."""

    entry = models.ForeignKey(AnswerEntry, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=TERM_MAX)
    weight = models.FloatField(default=1.0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "entry"], name="answers_term_unique")]
        indexes = [models.Index(fields=["entry"], name="answers_term_entry")]

    def __str__(self) -> str:
        return self.term


class AnswerTermStat(models.Model):
    """How many approved entries hold a term (its document frequency)."""

    term = models.CharField(max_length=TERM_MAX, primary_key=True)
    entries = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.term}: {self.entries}"
