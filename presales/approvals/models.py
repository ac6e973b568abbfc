"""One approvals engine for every sign-off (DESIGN.md §5): deliverables, solution versions,
acceptance reports, later quotes, contracts, travel requests…

Templates are data an admin edits: an object type, steps, who approves each step (by role,
by person or both), whether one or all of them must approve, and an optional condition on a
field of the object. Steps with the same order number run in parallel; a higher number
starts when every step before it is approved.

Each submission is an Approval (one round). Its steps are copied from the template when it is
submitted, and each step's approvers are resolved to people then (ApprovalAssignment), so an
inbox is one indexed query and the record shows exactly who was asked.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from presales.lib.forms import TEXT_LONG, TEXT_SHORT


class StepMode(models.TextChoices):
    ANY = "any", _("One of them approves")
    ALL = "all", _("All of them approve")


class ConditionOperator(models.TextChoices):
    LT = "lt", "<"
    LTE = "lte", "≤"
    GT = "gt", ">"
    GTE = "gte", "≥"
    EQ = "eq", "="
    NE = "ne", "≠"


class ApprovalTemplate(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True, help_text=_("Used by the code to find the template"))
    name = models.CharField(_("name"), max_length=100)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description"), blank=True, max_length=TEXT_LONG)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("approval template")
        verbose_name_plural = _("approval templates")

    def __str__(self) -> str:
        return self.name


class ApprovalTemplateStep(models.Model):
    template = models.ForeignKey(
        ApprovalTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=1, help_text=_("Steps with the same number run in parallel; higher numbers wait for them")
    )
    name = models.CharField(_("name"), max_length=100)
    approver_roles = models.ManyToManyField(
        Group, verbose_name=_("approver roles"), blank=True, related_name="+", help_text=_("Everyone holding the role")
    )
    approver_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("approver persons"), blank=True, related_name="+"
    )
    mode = models.CharField(_("approval rule"), max_length=10, choices=StepMode.choices, default=StepMode.ANY)
    condition_field = models.CharField(
        _("only when field"),
        max_length=60,
        blank=True,
        help_text=_("Leave empty for always; otherwise a field of the object, e.g. margin_percent"),
    )
    condition_operator = models.CharField(
        _("operator"), max_length=3, choices=ConditionOperator.choices, blank=True, default=ConditionOperator.LT
    )
    condition_value = models.CharField(_("value"), max_length=60, blank=True)
    comment_required = models.BooleanField(
        _("comment required to approve"),
        default=False,
        help_text=_("The approver must write a comment to approve, not only to reject"),
    )

    class Meta:
        ordering = ["template", "order", "id"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")

    def __str__(self) -> str:
        return self.name

    def applies_to(self, target) -> bool:
        """Whether the step's condition holds for the object (no condition: always)."""
        if not self.condition_field:
            return True
        value = target
        for part in self.condition_field.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return False
        expected: object = self.condition_value
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            try:
                value, expected = Decimal(str(value)), Decimal(self.condition_value)
            except InvalidOperation:
                return False
        else:
            value = str(value)
        try:
            return {
                ConditionOperator.LT: lambda a, b: a < b,
                ConditionOperator.LTE: lambda a, b: a <= b,
                ConditionOperator.GT: lambda a, b: a > b,
                ConditionOperator.GTE: lambda a, b: a >= b,
                ConditionOperator.EQ: lambda a, b: a == b,
                ConditionOperator.NE: lambda a, b: a != b,
            }[self.condition_operator or ConditionOperator.EQ](value, expected)
        except TypeError:
            return False


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ApprovalQuerySet(models.QuerySet):
    def for_target(self, target):
        return self.filter(target_type=ContentType.objects.get_for_model(target), target_id=target.pk)

    def pending(self):
        return self.filter(status=ApprovalStatus.PENDING)


class Approval(models.Model):
    """One round of approval of one object."""

    template = models.ForeignKey(
        ApprovalTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="approvals"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    title = models.CharField(_("what is approved"), max_length=300)
    opportunity = models.ForeignKey(
        "opportunities.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="approvals",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    note = models.TextField(_("submission note"), blank=True, max_length=TEXT_LONG)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The amount the object carried when it was submitted (a quote's total, a contract's
    # amount; none for documents): the inbox shows and sorts by it (registry hook `amount`).
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)

    objects = ApprovalQuerySet.as_manager()

    # Not stored: set by approvals.selectors.latest_rounds for the reader of a list page.
    my_step: ApprovalStep | None
    can_withdraw: bool

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        indexes = [
            models.Index(fields=["target_type", "target_id", "round"]),
            # The inbox's sorts (approvals.selectors.INBOX_SORTS): submitted at, amount.
            models.Index(fields=["status", "submitted_at"], name="approval_status_submitted"),
            models.Index(fields=["status", "amount"], name="approval_status_amount"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id", "round"], name="approval_round_unique"),
            models.UniqueConstraint(
                fields=["target_type", "target_id"],
                condition=models.Q(status="pending"),
                name="one_pending_approval_per_object",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.round})"

    @property
    def is_pending(self) -> bool:
        return self.status == ApprovalStatus.PENDING


class StepStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for earlier steps")
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Not needed any more")


class ApprovalStep(models.Model):
    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=100)
    mode = models.CharField(_("approval rule"), max_length=10, choices=StepMode.choices)
    status = models.CharField(_("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.WAITING)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    comment_required = models.BooleanField(_("comment required to approve"), default=False)

    class Meta:
        ordering = ["approval", "order", "id"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        # The inbox's age (how long the step has waited) filter and sort.
        indexes = [models.Index(fields=["status", "started_at"], name="approval_step_status_started")]

    def __str__(self) -> str:
        return self.name


class Outcome(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")


class ApprovalAssignment(models.Model):
    """A person asked to decide on a step, and what he decided."""

    step = models.ForeignKey(ApprovalStep, on_delete=models.CASCADE, related_name="assignments")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approver"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=TEXT_SHORT)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    by_submission = models.BooleanField(
        _("signed by the submission"),
        default=False,
        help_text=_("The submitter was the step's only approver: his submission counts as his approval"),
    )

    class Meta:
        ordering = ["step", "id"]
        verbose_name = _("approver")
        verbose_name_plural = _("approvers")
        indexes = [models.Index(fields=["approver", "outcome"])]
        constraints = [models.UniqueConstraint(fields=["step", "approver"], name="approver_once_per_step")]

    def __str__(self) -> str:
        return f"{self.step}: {self.approver}"

    @property
    def is_decided(self) -> bool:
        return bool(self.outcome)

    @property
    def shown_comment(self) -> str:
        """The comment as pages show it: a step signed by the submission says so."""
        if self.by_submission:
            return gettext("The submitter is this step's approver: signed by the submission.")
        return self.comment
