"""What the library adds around its documents: success cases (案例), competitor profiles
(竞争对手) and the links that attach a library document to an opportunity, a solution or a
quote (links, not copies: the document stays one, with its versions and its rules).

Imported by presales.knowledge.models (so Django finds the models); the rules are in
presales.knowledge.access_reuse, the changes in services_cases / services_links.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from presales.customers.models import Industry
from presales.lib.bounds import TOTAL_MAX, AtMost
from presales.lib.forms import TEXT_LONG, TEXT_SHORT

# A reference's year: from the first computerised projects to a few years ahead (a case
# signed for next year's delivery).
CASE_YEAR_MIN = 1980
CASE_YEAR_MAX = 2100


class SuccessCase(models.Model):
    """A delivered project the department cites (业绩): for whom, which products, what scope,
    for how much and when, and whether it may be cited to other customers in a bid."""

    title = models.CharField(_("title"), max_length=200)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="success_cases",
    )
    customer_name = models.CharField(
        _("customer name"),
        max_length=200,
        blank=True,
        help_text=_("As it may be cited, e.g. “某省电力公司”; taken from the customer when empty."),
    )
    industry = models.CharField(_("industry"), max_length=30, choices=Industry.choices, blank=True)
    products = models.ManyToManyField(
        "catalog.Product", verbose_name=_("products"), blank=True, related_name="success_cases"
    )
    scope = models.TextField(_("scope"), blank=True, max_length=TEXT_LONG)
    amount = models.DecimalField(
        _("amount (CNY)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), AtMost(TOTAL_MAX, money=True)],
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(CASE_YEAR_MIN), MaxValueValidator(CASE_YEAR_MAX)]
    )
    may_cite = models.BooleanField(
        _("may be cited as a reference"),
        default=False,
        help_text=_("The customer agreed that this project is named in other customers' bids (可作为业绩引用)."),
    )
    documents = models.ManyToManyField(
        "knowledge.Document", verbose_name=_("documents"), blank=True, related_name="success_cases"
    )
    opportunity = models.ForeignKey(
        "opportunities.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="success_cases",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="success_cases"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("success case")
        verbose_name_plural = _("success cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=CASE_YEAR_MIN, year__lte=CASE_YEAR_MAX), name="knowledge_case_year_range"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0, amount__lte=TOTAL_MAX),
                name="knowledge_case_amount_range",
            ),
        ]
        indexes = [
            models.Index(fields=["-year", "-id"], name="knowledge_case_recent"),
            models.Index(fields=["industry", "-year"], name="knowledge_case_industry"),
            models.Index(fields=["may_cite", "-year"], name="knowledge_case_may_cite"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def cited_customer(self) -> str:
        """The customer as the case names it: its own name, else the customer record's."""
        if self.customer_name:
            return self.customer_name
        return self.customer.name if self.customer_id and self.customer else ""


class Competitor(models.Model):
    """A competitor's profile. "Where we met them" is not stored: it is read from the
    opportunities' competitor field and lost deals (presales.knowledge.selectors_reuse)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    aliases = models.CharField(
        _("other names"),
        max_length=300,
        blank=True,
        help_text=_("Other names the sales reps write, separated by commas or 、 (e.g. 华为数字能源、华为)."),
    )
    products = models.TextField(_("their products"), blank=True, max_length=TEXT_SHORT)
    strengths = models.TextField(_("strengths"), blank=True, max_length=TEXT_LONG)
    weaknesses = models.TextField(_("weaknesses"), blank=True, max_length=TEXT_LONG)
    typical_prices = models.TextField(_("typical prices"), blank=True, max_length=TEXT_SHORT)
    documents = models.ManyToManyField(
        "knowledge.Document", verbose_name=_("documents"), blank=True, related_name="competitors"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        from presales.knowledge.competitor_names import split_names

        return split_names(self.aliases)


class DocumentLink(models.Model):
    """A library document attached to exactly one opportunity, solution or quote. Published
    from a deliverable or a solution version, the link also names that source (once: the same
    approved file is not published twice)."""

    document = models.ForeignKey(
        "knowledge.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="links"
    )
    opportunity = models.ForeignKey(
        "opportunities.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="library_links",
    )
    solution = models.ForeignKey(
        "solutions.Solution",
        verbose_name=_("solution"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="library_links",
    )
    quote = models.ForeignKey(
        "quotes.Quote",
        verbose_name=_("quote"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="library_links",
    )
    source_deliverable = models.ForeignKey(
        "opportunities.Deliverable",
        verbose_name=_("published from deliverable"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_solution_version = models.ForeignKey(
        "solutions.SolutionVersion",
        verbose_name=_("published from solution version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("library document link")
        verbose_name_plural = _("library document links")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(opportunity__isnull=False, solution__isnull=True, quote__isnull=True)
                    | Q(opportunity__isnull=True, solution__isnull=False, quote__isnull=True)
                    | Q(opportunity__isnull=True, solution__isnull=True, quote__isnull=False)
                ),
                name="knowledge_link_one_target",
            ),
            models.UniqueConstraint(
                fields=["opportunity", "document"], condition=Q(opportunity__isnull=False), name="knowledge_link_opp"
            ),
            models.UniqueConstraint(
                fields=["solution", "document"], condition=Q(solution__isnull=False), name="knowledge_link_solution"
            ),
            models.UniqueConstraint(
                fields=["quote", "document"], condition=Q(quote__isnull=False), name="knowledge_link_quote"
            ),
            models.UniqueConstraint(
                fields=["source_deliverable"],
                condition=Q(source_deliverable__isnull=False),
                name="knowledge_link_from_deliverable",
            ),
            models.UniqueConstraint(
                fields=["source_solution_version"],
                condition=Q(source_solution_version__isnull=False),
                name="knowledge_link_from_solution_version",
            ),
        ]
        indexes = [models.Index(fields=["document", "opportunity", "solution", "quote"], name="knowledge_link_reuse")]

    def __str__(self) -> str:
        return f"{self.document} → {self.target}"

    @property
    def target(self):
        return self.opportunity or self.solution or self.quote
