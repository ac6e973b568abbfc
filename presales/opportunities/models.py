"""Presales projects (售前项目/商机) and the stage templates that gate them (DESIGN.md §3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from presales.accounts.roles import Role
from presales.customers.models import Industry
from presales.lib.forms import TEXT_LONG, TEXT_SHORT
from presales.lib.uploads import DocumentFileField, stored_name


# ---------------------------------------------------------------------------
# Stage templates: data an admin edits (Odoo-style CRM stages as rows).
# ---------------------------------------------------------------------------
class StageTemplate(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_LONG)
    is_default = models.BooleanField(_("default for new opportunities"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("stage template")
        verbose_name_plural = _("stage templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_stage_template"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SkipCondition(models.TextChoices):
    NEVER = "", _("Never skipped")
    NO_TENDER = "no_tender", _("Skipped when the project has no tender")


class StageRole(models.TextChoices):
    """What the workbench uses a stage for, whatever an admin calls it (code and name are free).

    Code that needs "the stage where contracts are drafted" asks for the role, never a code.
    """

    NONE = "", _("No special role")
    CONTACT = "contact", _("Contact")
    CONSULTING = "consulting", _("Consulting")
    TRACKING = "tracking", _("Tracking")
    TENDER = "tender", _("Tender")
    BIDDING = "bidding", _("Bidding")
    IMPLEMENTATION = "implementation", _("Implementation (contracts and handover)")


class StageQuerySet(models.QuerySet):
    def for_role(self, role: StageRole):
        return self.filter(role=role)


class Stage(models.Model):
    template = models.ForeignKey(
        StageTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="stages"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=50)
    purpose = models.TextField(_("purpose"), blank=True, max_length=TEXT_LONG)
    entry_criteria = models.TextField(_("entry criteria"), blank=True, max_length=TEXT_LONG)
    inputs = models.TextField(_("inputs"), blank=True, max_length=TEXT_LONG)
    exit_criteria = models.TextField(_("exit criteria"), blank=True, max_length=TEXT_LONG)
    skip_condition = models.CharField(
        _("may be skipped"), max_length=20, choices=SkipCondition.choices, blank=True, default=SkipCondition.NEVER
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=StageRole.choices,
        blank=True,
        default=StageRole.NONE,
        help_text=_(
            "What the workbench uses this stage for, whatever its code and name: contracts and the handover "
            "to implementation happen in the stage with the implementation role. At most one stage per role "
            "in a template."
        ),
    )

    history = HistoricalRecords()
    objects = StageQuerySet.as_manager()

    class Meta:
        ordering = ["template", "order"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="stage_order_unique"),
            models.UniqueConstraint(fields=["template", "code"], name="stage_code_unique"),
            models.UniqueConstraint(
                fields=["template", "role"], condition=~models.Q(role=""), name="stage_role_once_per_template"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_skipped_for(self, opportunity: Opportunity) -> bool:
        return self.skip_condition == SkipCondition.NO_TENDER and not opportunity.has_tender


class TaskRole(models.TextChoices):
    """Who does a stage task, as the seed words it ("销售人员…", "商务人员…", "售前技术工程师…").

    When an opportunity enters the stage, the task goes to whoever holds that role on it
    (services/_common.py `task_holder`): the sales owner, the presales lead, the team's named
    commercial person, or the department (presales managers, service management, finance).
    """

    SALES_OWNER = "sales_owner", _("Sales owner")
    PRESALES_LEAD = "presales_lead", _("Presales lead")
    COMMERCIAL = "commercial", _("Commercial")
    PRESALES_MANAGER = "presales_manager", _("Presales manager")
    SERVICE_MANAGEMENT = "service_management", _("Service management")
    FINANCE = "finance", _("Finance")


# Task roles a department does: a task nobody on the team holds waits in that department's
# queue (no assignee), shown in "my work" to everyone of the department (selectors.my_tasks).
DEPARTMENT_ROLES: dict[str, str] = {
    TaskRole.COMMERCIAL: Role.COMMERCIAL,
    TaskRole.PRESALES_MANAGER: Role.PRESALES_MANAGER,
    TaskRole.SERVICE_MANAGEMENT: Role.SERVICE_MANAGEMENT,
    TaskRole.FINANCE: Role.FINANCE,
}


class FulfilledBy(models.TextChoices):
    UPLOAD = "", _("An uploaded file or record")
    SOLUTION = "solution", _("A signed-off solution version")
    ACCEPTANCE_REPORT = "acceptance_report", _("An approved acceptance report")
    PRICE_REVIEW = "price_review", _("A quote approved in price review (PCST)")
    CONTRACT = "contract", _("A reviewed and signed contract")
    TENDER = "tender", _("The tender registered on the tender page")
    BID_DECISION = "bid_decision", _("The bid decision recorded on the tender page")
    TECHNICAL_BID = "technical_bid", _("The technical bid generated from the deviation table")
    AWARD = "award", _("The award notice recorded on the tender page")


class StageTask(models.Model):
    """A task of a stage's checklist (the seed's 任务 a), b), c)…)."""

    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    required = models.BooleanField(_("required to exit"), default=True)
    due_days = models.PositiveSmallIntegerField(_("due (days after entering the stage)"), null=True, blank=True)
    role = models.CharField(
        _("responsible role"),
        max_length=20,
        choices=TaskRole.choices,
        default=TaskRole.PRESALES_LEAD,
        help_text=_(
            "Who does this task: it is assigned to whoever holds this role on the opportunity "
            "(the opportunity's owner when nobody does)."
        ),
    )
    done_when = models.CharField(
        _("ticked when recorded"),
        max_length=30,
        choices=[c for c in FulfilledBy.choices if c[0]],
        blank=True,
        help_text=_(
            "The task ticks itself when this is recorded for the opportunity (e.g. the tender "
            "registered on the tender page); empty: ticked by hand."
        ),
    )

    class Meta:
        ordering = ["stage", "order", "id"]
        verbose_name = _("stage task")
        verbose_name_plural = _("stage tasks")

    def __str__(self) -> str:
        return self.title


class SatisfiedByQuote(models.TextChoices):
    """Whether a version of the opportunity's quote (the quote module) counts as this output,
    e.g. 《项目报价清单》: an upload stays possible for a quote made outside the workbench."""

    NEVER = "", _("No: uploaded only")
    SUBMITTED = "submitted", _("Yes, once a quote version is submitted to price review")
    APPROVED = "approved", _("Yes, once a quote version is approved in price review")


class DeliverableType(models.Model):
    """An output of a stage (the seed's 输出, e.g. 《解决方案》)."""

    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="deliverable_types"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    required = models.BooleanField(_("required to exit"), default=True)
    fulfilled_by = models.CharField(
        _("comes from"), max_length=30, choices=FulfilledBy.choices, blank=True, default=FulfilledBy.UPLOAD
    )
    satisfied_by_quote = models.CharField(
        _("satisfied by a quote version"),
        max_length=20,
        choices=SatisfiedByQuote.choices,
        blank=True,
        default=SatisfiedByQuote.NEVER,
        help_text=_(
            "A version of the opportunity's quote counts as this output once submitted (or approved) in "
            "price review; a file can still be uploaded for a quote made outside the workbench."
        ),
    )
    approval_template = models.ForeignKey(
        "approvals.ApprovalTemplate",
        verbose_name=_("approval template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Uploaded versions go through this approval; empty: accepted when submitted"),
    )

    class Meta:
        ordering = ["stage", "order", "id"]
        verbose_name = _("deliverable type")
        verbose_name_plural = _("deliverable types")

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------------------
# Opportunities
# ---------------------------------------------------------------------------
class OpportunityStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    ABANDONED = "abandoned", _("Abandoned")


class OpportunitySource(models.TextChoices):
    CUSTOMER_VISIT = "customer_visit", _("Sales visit")
    TENDER_NOTICE = "tender_notice", _("Tender notice")
    DESIGN_INSTITUTE = "design_institute", _("Design institute")
    REFERRAL = "referral", _("Referral")
    INQUIRY = "inquiry", _("Customer inquiry")
    PARTNER = "partner", _("Partner / channel")
    EXISTING_CUSTOMER = "existing_customer", _("Existing customer")
    OTHER = "other", _("Other")


# The header fields a user edits: OpportunityForm shows them, opportunity_create/_update copy them.
EDITABLE_FIELDS = [
    "name",
    "customer",
    "sales_owner",
    "presales_lead",
    "industry",
    "budget",
    "expected_amount",
    "expected_sign_date",
    "has_tender",
    "source",
    "competitors",
    "description",
]


class OpportunityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=OpportunityStatus.ACTIVE)

    def with_list_data(self):
        """What list pages and the board show, in a fixed number of queries."""
        return self.select_related("customer", "sales_owner", "presales_lead", "current_stage")


class Opportunity(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="opportunities"
    )
    sales_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sales owner"),
        on_delete=models.PROTECT,
        related_name="owned_opportunities",
    )
    presales_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presales lead"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_opportunities",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team"),
        through="OpportunityMember",
        related_name="team_opportunities",
        blank=True,
    )
    industry = models.CharField(_("industry"), max_length=30, choices=Industry.choices)
    budget = models.DecimalField(_("customer budget (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True)
    expected_amount = models.DecimalField(
        _("expected amount (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    expected_sign_date = models.DateField(_("expected sign date"), null=True, blank=True)
    has_tender = models.BooleanField(_("public tender"), default=True)
    source = models.CharField(_("source"), max_length=30, choices=OpportunitySource.choices, blank=True)
    competitors = models.CharField(_("competitors"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_LONG)
    status = models.CharField(
        _("status"), max_length=20, choices=OpportunityStatus.choices, default=OpportunityStatus.ACTIVE
    )
    close_reason = models.TextField(_("close reason"), blank=True, max_length=TEXT_SHORT)
    winning_competitor = models.CharField(_("winning competitor"), max_length=100, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    template = models.ForeignKey(
        StageTemplate, verbose_name=_("stage template"), on_delete=models.PROTECT, related_name="+"
    )
    current_stage = models.ForeignKey(
        Stage, verbose_name=_("current stage"), on_delete=models.PROTECT, related_name="+"
    )
    stage_entered_at = models.DateTimeField(_("in stage since"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [
            models.Index(fields=["status", "current_stage"]),
            # The board: each column's most recently touched cards (selectors.board_columns).
            models.Index(fields=["status", "current_stage", "-updated_at"], name="opportunity_board_recent"),
            models.Index(fields=["sales_owner", "status"]),
            models.Index(fields=["presales_lead", "status"]),
            # the list's sort keys (presales.lib.sorting); code is unique, status leads above
            models.Index(fields=["created_at"], name="opportunity_created_idx"),
            models.Index(fields=["name"], name="opportunity_name_idx"),
            models.Index(fields=["expected_amount"], name="opportunity_amount_idx"),
            models.Index(fields=["expected_sign_date"], name="opportunity_sign_date_idx"),
            models.Index(fields=["stage_entered_at"], name="opportunity_in_stage_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="active") | ~models.Q(close_reason=""), name="closed_opportunity_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_active(self) -> bool:
        return self.status == OpportunityStatus.ACTIVE

    def in_stage_role(self, role: StageRole) -> bool:
        return self.current_stage.role == role

    @property
    def days_in_stage(self) -> int:
        return (timezone.now() - self.stage_entered_at).days


class TeamRole(models.TextChoices):
    SALES = "sales", _("Sales")
    PRESALES = "presales", _("Presales engineer")
    COMMERCIAL = "commercial", _("Commercial")
    IMPLEMENTATION = "implementation", _("Implementation")
    EXPERT = "expert", _("Domain expert")


class OpportunityMember(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role in the team"), max_length=20, choices=TeamRole.choices, default=TeamRole.PRESALES)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [models.UniqueConstraint(fields=["opportunity", "user"], name="member_once_per_opportunity")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class OpportunityTask(models.Model):
    """A stage task instantiated on an opportunity when it enters the stage."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="tasks")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    stage_task = models.ForeignKey(StageTask, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    required = models.BooleanField(_("required to exit"), default=True)
    role = models.CharField(
        _("responsible role"), max_length=20, choices=TaskRole.choices, default=TaskRole.PRESALES_LEAD
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunity_tasks",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["stage__order", "id"]
        verbose_name = _("opportunity task")
        verbose_name_plural = _("opportunity tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "stage_task"],
                condition=models.Q(stage_task__isnull=False),
                name="stage_task_once_per_opportunity",
            )
        ]
        indexes = [
            # "my work": a person's open tasks, and a department's queue (no assignee, by role)
            models.Index(fields=["assignee", "done_at"], name="opp_task_assignee_open"),
            models.Index(fields=["role", "assignee", "done_at"], name="opp_task_role_queue"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class DeliverableStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")


def deliverable_upload_to(instance: Deliverable, filename: str) -> str:
    return f"deliverables/{instance.opportunity.code}/{filename}"


class Deliverable(models.Model):
    """A file, link or record attached to an opportunity for one deliverable type."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="deliverables")
    deliverable_type = models.ForeignKey(
        DeliverableType, verbose_name=_("deliverable type"), on_delete=models.PROTECT, related_name="deliverables"
    )
    title = models.CharField(_("title"), max_length=200)
    file = DocumentFileField(_("file"), upload_to=deliverable_upload_to, max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)  # whole, as uploaded
    link = models.URLField(_("link"), max_length=500, blank=True)
    note = models.TextField(_("record / note"), blank=True, max_length=TEXT_LONG)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=DeliverableStatus.choices, default=DeliverableStatus.SUBMITTED
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    source_url = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("The page of the record this deliverable comes from")
    )
    amount = models.DecimalField(
        _("amount (CNY)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The total of the record it comes from (a quote version's total)"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["deliverable_type__stage__order", "deliverable_type__order", "-version"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "deliverable_type", "version"], name="deliverable_version_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(link="") | ~models.Q(note="") | ~models.Q(source_url=""),
                name="deliverable_has_content",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def file_name(self) -> str:
        return stored_name(self.file, self.original_name)


# A next step is one line; the next follow-up is at most a year after the activity.
NEXT_STEP_MAX = 200
FOLLOW_UP_MAX_DAYS = 366


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    CALL = "call", _("Call")
    MEETING = "meeting", _("Meeting")
    DEMO = "demo", _("Demo")
    NOTE = "note", _("Note")


class Activity(models.Model):
    """Something the team did with the customer: the timeline's hand-written entries."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    occurred_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=200)
    # The customer's people who took part, picked from the customer's contacts.
    contacts = models.ManyToManyField("customers.Contact", verbose_name=_("contacts"), blank=True, related_name="+")
    # Free text: our colleagues, and people not in the customer's contacts (older rows typed
    # every name here, and stay readable).
    people = models.CharField(
        _("others present"),
        max_length=300,
        blank=True,
        help_text=_("Our colleagues, or people not in the customer's contacts"),
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True, max_length=TEXT_SHORT)
    next_step = models.CharField(_("next step"), max_length=NEXT_STEP_MAX, blank=True)
    next_follow_up_on = models.DateField(_("next follow-up date"), null=True, blank=True)
    # When the reminder of the follow-up was sent (manage.py send_follow_up_reminders): once.
    follow_up_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["follow_up_reminded_at"])

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            # "My work" (mine, by date) and the reminders (due by date).
            models.Index(fields=["created_by", "next_follow_up_on"], name="activity_follow_up_mine"),
            models.Index(fields=["next_follow_up_on"], name="activity_follow_up_due"),
        ]

    def __str__(self) -> str:
        return self.subject


class OpportunityCodeCounter(models.Model):
    """The last number used per year for codes like PS-2026-0001 (incremented under lock)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
