"""Tenders (招标项目) on an opportunity in 招标/投标 (issue 13, DESIGN.md §4 "Tender response").

A tender is registered when the buyer publishes it; the bid/no-bid decision (投标决策) is
scored on admin-managed criteria; the bid team works through the bid package checklist and
the self/cross review (自审/互审) before the bid is marked submitted; the outcome is an award
(中标通知书/中标公告) or a loss with the winning competitor.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from presales.lib.bounds import TOTAL_MAX, AtMost
from presales.lib.forms import TEXT_SHORT
from presales.lib.uploads import DocumentFileField, stored_name

# What the tender files and package files may be (presales.lib.uploads.check_upload).
TENDER_FILE_EXTENSIONS = frozenset({"docx", "pdf", "xlsx", "zip"})
PACKAGE_FILE_EXTENSIONS = frozenset({"docx", "pdf", "xlsx", "zip", "doc", "xls", "jpg", "jpeg", "png"})
OUTCOME_FILE_EXTENSIONS = frozenset({"pdf", "docx", "jpg", "jpeg", "png"})

SCORE_MIN = 1
SCORE_MAX = 5
WEIGHT_MAX = 100
NOTE_MAX = 300


class TenderStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    BIDDING = "bidding", _("Bidding")
    NO_BID = "no_bid", _("Not bidding")
    SUBMITTED = "submitted", _("Bid submitted")
    AWARDED = "awarded", _("Awarded")
    LOST = "lost", _("Lost")
    CANCELLED = "cancelled", _("Cancelled")


# An opportunity has at most one tender in these (an earlier one may have been cancelled).
ACTIVE_STATUSES = (TenderStatus.REGISTERED, TenderStatus.BIDDING, TenderStatus.SUBMITTED)
# A bid is still being prepared: the team works on the package and the reviews.
WORKING_STATUSES = (TenderStatus.REGISTERED, TenderStatus.BIDDING)


class EvaluationMethod(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("Comprehensive scoring (综合评分法)")
    LOWEST_PRICE = "lowest_price", _("Lowest evaluated price (最低评标价法)")
    REASONABLE_LOW = "reasonable_low", _("Reasonable low price (合理低价法)")
    OTHER = "other", _("Other")


class BondWay(models.TextChoices):
    NONE = "", _("Not stated")
    TRANSFER = "transfer", _("Bank transfer")
    GUARANTEE = "guarantee", _("Bank guarantee (保函)")
    INSURANCE = "insurance", _("Guarantee insurance")
    OTHER = "other", _("Other")


class Deadline(models.TextChoices):
    """The dates a tender reminds its team of (manage.py send_tender_reminders)."""

    QUESTIONS = "questions", _("Questions due")
    SUBMISSION = "submission", _("Bid submission")
    OPENING = "opening", _("Bid opening")
    BOND_RETURN = "bond_return", _("Bid bond return")


class TenderQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def with_list_data(self):
        return self.select_related(
            "opportunity", "opportunity__customer", "opportunity__sales_owner", "opportunity__current_stage"
        )


class Tender(models.Model):
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", verbose_name=_("opportunity"), on_delete=models.PROTECT, related_name="tenders"
    )
    number = models.CharField(_("tender number"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    buyer = models.CharField(_("buyer"), max_length=200)
    agency = models.CharField(_("tender agency"), max_length=200, blank=True)
    evaluation_method = models.CharField(
        _("evaluation method"),
        max_length=20,
        choices=EvaluationMethod.choices,
        default=EvaluationMethod.COMPREHENSIVE,
    )
    questions_due_at = models.DateTimeField(_("questions due"), null=True, blank=True)
    submission_due_at = models.DateTimeField(_("bid submission deadline"))
    opening_at = models.DateTimeField(_("bid opening"), null=True, blank=True)
    bond_amount = models.DecimalField(
        _("bid bond (CNY)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), AtMost(TOTAL_MAX, money=True)],
    )
    bond_way = models.CharField(_("bond paid by"), max_length=20, choices=BondWay.choices, blank=True)
    bond_due_on = models.DateField(_("bond due"), null=True, blank=True)
    bond_paid_on = models.DateField(_("bond paid on"), null=True, blank=True)
    bond_return_due_on = models.DateField(_("bond return expected"), null=True, blank=True)
    bond_returned_on = models.DateField(_("bond returned on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=TEXT_SHORT)
    status = models.CharField(
        _("status"), max_length=20, choices=TenderStatus.choices, default=TenderStatus.REGISTERED, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = TenderQuerySet.as_manager()

    class Meta:
        ordering = ["submission_due_at", "pk"]
        verbose_name = _("tender")
        verbose_name_plural = _("tenders")
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity"],
                condition=Q(status__in=["registered", "bidding", "submitted"]),
                name="one_active_tender_per_opportunity",
            ),
            models.CheckConstraint(
                condition=Q(bond_amount__isnull=True) | Q(bond_amount__gte=0), name="tender_bond_not_negative"
            ),
        ]
        indexes = [
            # the list: by status, the next deadline first
            models.Index(fields=["status", "submission_due_at"], name="tender_status_due"),
            models.Index(fields=["submission_due_at"], name="tender_due"),
            models.Index(fields=["opportunity", "status"], name="tender_opportunity_status"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_working(self) -> bool:
        return self.status in WORKING_STATUSES

    def deadlines(self) -> list[tuple[str, str, datetime]]:
        """(code, label, when) of each dated deadline, in date order. Dates (the bond's return)
        count at the end of the day."""
        from presales.tenders.deadlines import deadlines_of

        return deadlines_of(self)

    def next_deadline(self, now: datetime | None = None) -> tuple[str, str, datetime] | None:
        from presales.tenders.deadlines import next_deadline

        return next_deadline(self, now)


class Lot(models.Model):
    """A lot (标包) of a tender: the bid may cover some of them only."""

    tender = models.ForeignKey(Tender, verbose_name=_("tender"), on_delete=models.CASCADE, related_name="lots")
    number = models.CharField(_("lot number"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    budget = models.DecimalField(
        _("budget (CNY)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), AtMost(TOTAL_MAX, money=True)],
    )
    bid = models.BooleanField(_("we bid"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["tender", "number", "pk"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.UniqueConstraint(fields=["tender", "number"], name="lot_number_once_per_tender"),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0), name="lot_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class TenderFileKind(models.TextChoices):
    TENDER_DOCUMENT = "tender_document", _("Tender document (招标文件)")
    CLARIFICATION = "clarification", _("Clarification (澄清)")
    ADDENDUM = "addendum", _("Addendum (补遗)")
    OTHER = "other", _("Other")


def tender_file_upload_to(instance: TenderFile, filename: str) -> str:
    return f"tenders/{instance.tender_id}/files/{filename}"


class TenderFile(models.Model):
    tender = models.ForeignKey(Tender, verbose_name=_("tender"), on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(
        _("kind"), max_length=20, choices=TenderFileKind.choices, default=TenderFileKind.TENDER_DOCUMENT
    )
    file = DocumentFileField(_("file"), upload_to=tender_file_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["tender", "uploaded_at", "pk"]
        verbose_name = _("tender file")
        verbose_name_plural = _("tender files")

    def __str__(self) -> str:
        return self.file_name

    @property
    def file_name(self) -> str:
        return stored_name(self.file, self.original_name)


# ---------------------------------------------------------------------------
# Bid / no-bid (投标决策)
# ---------------------------------------------------------------------------
class BidCriterion(models.Model):
    """A criterion the bid decision is scored on (admin data, seeded: 产品匹配度, 资质满足…)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=20, validators=[MinValueValidator(1), MaxValueValidator(WEIGHT_MAX)]
    )
    guidance = models.TextField(_("how to score"), blank=True, max_length=TEXT_SHORT)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("bid criterion")
        verbose_name_plural = _("bid criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=WEIGHT_MAX), name="bid_criterion_weight_range"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Decision(models.TextChoices):
    PENDING = "", _("Not decided")
    BID = "bid", _("Bid")
    NO_BID = "no_bid", _("No bid")


class BidDecision(models.Model):
    """The bid/no-bid decision of one tender: the scores (BidScore) and the manager's call."""

    tender = models.OneToOneField(Tender, verbose_name=_("tender"), on_delete=models.CASCADE, related_name="decision")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=TEXT_SHORT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("bid decision")
        verbose_name_plural = _("bid decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="") | (~Q(reason="") & Q(decided_by__isnull=False)),
                name="bid_decision_has_reason_and_decider",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tender}: {self.get_decision_display()}"


class BidScore(models.Model):
    decision = models.ForeignKey(BidDecision, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(BidCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__order", "criterion_id"]
        verbose_name = _("bid score")
        verbose_name_plural = _("bid scores")
        constraints = [
            models.UniqueConstraint(fields=["decision", "criterion"], name="bid_score_once_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=SCORE_MIN) & Q(score__lte=SCORE_MAX), name="bid_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


# ---------------------------------------------------------------------------
# Bid team and tasks
# ---------------------------------------------------------------------------
class BidTeamMember(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role in the bid"), max_length=60, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tender", "added_at", "pk"]
        verbose_name = _("bid team member")
        verbose_name_plural = _("bid team members")
        constraints = [models.UniqueConstraint(fields=["tender", "user"], name="bid_member_once_per_tender")]

    def __str__(self) -> str:
        return str(self.user)


class WorkStatus(models.TextChoices):
    TODO = "todo", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class BidTask(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bid_tasks",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.TODO)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["tender", "due_on", "pk"]
        verbose_name = _("bid task")
        verbose_name_plural = _("bid tasks")
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="bid_task_owner_open")]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------------------
# The bid package checklist
# ---------------------------------------------------------------------------
class PackageItemType(models.Model):
    """A kind of document a bid package holds (admin data, seeded: 商务标书, 技术标书…)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    required = models.BooleanField(_("required by default"), default=True)
    from_library = models.BooleanField(
        _("comes from the library"),
        default=False,
        help_text=_("Qualification documents (type-test reports, licences) are taken from the document library."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("bid package item type")
        verbose_name_plural = _("bid package item types")

    def __str__(self) -> str:
        return self.name


def package_upload_to(instance: PackageItem, filename: str) -> str:
    return f"tenders/{instance.tender_id}/package/{filename}"


class PackageItem(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="package")
    item_type = models.ForeignKey(
        PackageItemType, verbose_name=_("document"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("details"), max_length=200, blank=True)
    required = models.BooleanField(_("required"), default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bid_package_items",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.TODO)
    file = DocumentFileField(_("file"), upload_to=package_upload_to, max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    document = models.ForeignKey(
        "knowledge.Document",
        verbose_name=_("library document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bid_package_items",
    )
    note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["tender", "item_type__order", "pk"]
        verbose_name = _("bid package item")
        verbose_name_plural = _("bid package items")
        constraints = [
            models.CheckConstraint(
                condition=Q(file="") | Q(document__isnull=True), name="package_item_file_or_document"
            )
        ]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="package_item_owner_open")]

    def __str__(self) -> str:
        return self.title or self.item_type.name

    @property
    def file_name(self) -> str:
        return stored_name(self.file, self.original_name)


# ---------------------------------------------------------------------------
# Self and cross review (自审/互审)
# ---------------------------------------------------------------------------
class ReviewKind(models.TextChoices):
    SELF = "self", _("Self-review (自审)")
    CROSS = "cross", _("Cross-review (互审)")


class ReviewItemTemplate(models.Model):
    """One check of the self/cross review checklist (admin data, seeded from the seed)."""

    kind = models.CharField(_("kind"), max_length=10, choices=ReviewKind.choices)
    text = models.CharField(_("check"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    checks_bid_price = models.BooleanField(
        _("compares the bid price"),
        default=False,
        help_text=_("The reviewer sees the bid price approved in price review (PCST) beside this check."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "order", "pk"]
        verbose_name = _("review check")
        verbose_name_plural = _("review checks")
        constraints = [models.UniqueConstraint(fields=["kind", "text"], name="review_check_text_once_per_kind")]

    def __str__(self) -> str:
        return self.text


class ReviewResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NOT_APPLICABLE = "na", _("Not applicable")


class TenderReview(models.Model):
    """One check of a tender's review, copied from its template when the tender is registered."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="reviews")
    template = models.ForeignKey(ReviewItemTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=ReviewKind.choices)
    text = models.CharField(_("check"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    checks_bid_price = models.BooleanField(default=False)
    result = models.CharField(_("result"), max_length=10, choices=ReviewResult.choices, default=ReviewResult.PENDING)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.CharField(_("comment"), max_length=NOTE_MAX, blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["tender", "kind", "order", "pk"]
        verbose_name = _("review item")
        verbose_name_plural = _("review items")
        constraints = [
            models.CheckConstraint(
                condition=Q(result="pending") | Q(reviewer__isnull=False), name="review_item_result_has_reviewer"
            )
        ]

    def __str__(self) -> str:
        return self.text


# ---------------------------------------------------------------------------
# Outcome
# ---------------------------------------------------------------------------
class OutcomeResult(models.TextChoices):
    AWARD = "award", _("Awarded")
    LOSS = "loss", _("Lost")


def outcome_upload_to(instance: TenderOutcome, filename: str) -> str:
    return f"tenders/{instance.tender_id}/outcome/{filename}"


class TenderOutcome(models.Model):
    """The award (中标通知书/中标公告 uploaded) or the loss (who won, their price, why)."""

    tender = models.OneToOneField(Tender, on_delete=models.CASCADE, related_name="outcome")
    result = models.CharField(_("result"), max_length=10, choices=OutcomeResult.choices)
    decided_on = models.DateField(_("date"))
    file = DocumentFileField(_("award notice"), upload_to=outcome_upload_to, max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    amount = models.DecimalField(
        _("awarded amount (CNY)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), AtMost(TOTAL_MAX, money=True)],
    )
    winning_competitor = models.CharField(_("winning competitor"), max_length=100, blank=True)
    winning_price = models.DecimalField(
        _("their price (CNY)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), AtMost(TOTAL_MAX, money=True)],
    )
    reasons = models.TextField(_("reasons"), blank=True, max_length=TEXT_SHORT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tender outcome")
        verbose_name_plural = _("tender outcomes")
        constraints = [
            models.CheckConstraint(condition=Q(result="loss") | ~Q(file=""), name="tender_award_has_notice"),
            models.CheckConstraint(
                condition=Q(result="award") | ~Q(winning_competitor=""), name="tender_loss_has_winner"
            ),
        ]
        indexes = [models.Index(fields=["winning_competitor"], name="tender_outcome_winner")]

    def __str__(self) -> str:
        return f"{self.tender}: {self.get_result_display()}"

    @property
    def file_name(self) -> str:
        return stored_name(self.file, self.original_name)


class ReminderLog(models.Model):
    """One reminder sent (manage.py send_tender_reminders): a deadline × its date × the lead
    time, so a run never sends it twice, and a moved deadline is reminded of again."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="+")
    deadline = models.CharField(max_length=20, choices=Deadline.choices)
    due_at = models.DateTimeField()
    lead_days = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tender", "deadline", "due_at", "lead_days"], name="tender_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.tender_id} {self.deadline} {self.due_at:%Y-%m-%d} -{self.lead_days}d"
