"""Service requests (服务请求): what sales asks of presales, dispatched by the presales manager.

The seed's flow (售前部门工作流程): the sales rep fills the request form (customer details,
request type, content, wanted-by time); the technical manager assigns an engineer seeing the
current workload; the manager decides whether a site survey (上门调研/现场勘察) is needed —
yes: the engineer fills the survey record; no: the sales rep fills the requirements form
(用户需求表).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from presales.events.models import subject_events
from presales.lib.forms import TEXT_LONG, TEXT_SHORT
from presales.lib.uploads import DocumentFileField, stored_name


class RequestType(models.TextChoices):
    SOLUTION_DESIGN = "solution_design", _("Solution design")
    SITE_SURVEY = "site_survey", _("Site survey")
    DEMO = "demo", _("Demo")
    BID_SUPPORT = "bid_support", _("Bid support")
    TECHNICAL_QA = "technical_qa", _("Technical Q&A")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ASSIGNED = "assigned", _("Assigned")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses in which the request is still work to do (counted in an engineer's load).
OPEN_STATUSES = (RequestStatus.ASSIGNED, RequestStatus.ACCEPTED, RequestStatus.IN_PROGRESS)
# Statuses after which nothing may change any more.
FINAL_STATUSES = (RequestStatus.CLOSED, RequestStatus.REJECTED, RequestStatus.CANCELLED)
# Statuses that count as "not finished" for due dates / overdue.
UNFINISHED_STATUSES = (RequestStatus.SUBMITTED, *OPEN_STATUSES)


# The fields a form fills on each record: the same list for the form and for the service that
# saves it (the opportunity and customer of a request are chosen once, when it is filed).
REQUEST_EDIT_FIELDS = [
    "request_type",
    "title",
    "content",
    "contact_name",
    "contact_phone",
    "site_address",
    "wanted_by",
    "priority",
]
SURVEY_FIELDS = [
    "surveyed_on",
    "place",
    "people_met",
    "current_situation",
    "equipment_facts",
    "network_facts",
    "building_facts",
    "needs_found",
]
REQUIREMENTS_FIELDS = [
    "business_background",
    "needs",
    "scope",
    "budget_range",
    "schedule",
    "existing_systems",
    "constraints",
]


# The due date a request is held to: the engineer's, else the one the filer wanted.
EFFECTIVE_DUE = Coalesce("due_date", "wanted_by")


class ServiceRequestCodeCounter(models.Model):
    """The last number used per year for codes like SR-2026-0001 (incremented under lock)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ServiceRequest(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    opportunity = models.ForeignKey(
        "opportunities.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="service_requests"
    )
    request_type = models.CharField(_("request type"), max_length=30, choices=RequestType.choices)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(
        _("service content"), max_length=TEXT_LONG, help_text=_("What presales should do, in detail")
    )
    contact_name = models.CharField(_("customer contact"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    site_address = models.CharField(_("site address"), max_length=200, blank=True)
    wanted_by = models.DateField(_("wanted by"))
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    estimated_hours = models.DecimalField(_("estimated hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    survey_needed = models.BooleanField(_("site survey needed"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="service_requests_filed",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("engineer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_requests_assigned",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    delivery_note = models.TextField(_("delivery note"), blank=True, max_length=TEXT_LONG)
    reason = models.TextField(
        _("reason"), blank=True, max_length=TEXT_SHORT, help_text=_("Why it was rejected or cancelled")
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()
    events = subject_events()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["assignee", "status"]),
            # the list's sort keys (presales.lib.sorting); code is unique, status leads above
            models.Index(fields=["submitted_at"], name="sr_submitted_idx"),
            models.Index(fields=["title"], name="sr_title_idx"),
            models.Index(fields=["request_type"], name="sr_type_idx"),
            models.Index(EFFECTIVE_DUE, name="sr_effective_due_idx"),
            # the dispatch page's two lists, read a page at a time in their order
            # (selectors.dispatch_queue, selectors.assigned_waiting)
            models.Index(F("status"), F("priority").desc(), EFFECTIVE_DUE, F("id"), name="sr_dispatch_queue_idx"),
            models.Index(F("status"), EFFECTIVE_DUE, F("id"), name="sr_dispatch_waiting_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def is_overdue(self) -> bool:
        due = self.due_date or self.wanted_by
        return self.status in UNFINISHED_STATUSES and due is not None and due < timezone.localdate()

    @property
    def effective_due(self):
        return self.due_date or self.wanted_by

    @property
    def response_time(self):
        """From filing to the engineer's acceptance."""
        return self.accepted_at - self.submitted_at if self.accepted_at else None

    @property
    def lead_time(self):
        """From filing to delivery."""
        return self.delivered_at - self.submitted_at if self.delivered_at else None

    @property
    def response_time_display(self) -> str:
        return format_duration(self.response_time)

    @property
    def lead_time_display(self) -> str:
        return format_duration(self.lead_time)


def format_duration(delta) -> str:
    """「1 d 3 h」 / 「3 h 20 min」: durations for people, not timedelta's repr."""
    if delta is None:
        return "—"
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}


def attachment_upload_to(instance, filename: str) -> str:
    return f"service_requests/{instance.request_id}/{filename}"


class AttachmentKind(models.TextChoices):
    REQUEST = "request", _("Request material")
    DELIVERY = "delivery", _("Delivery")


class ServiceRequestAttachment(models.Model):
    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="attachments")
    file = DocumentFileField(_("file"), upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)  # whole, as uploaded
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.REQUEST)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename

    @property
    def filename(self) -> str:
        return stored_name(self.file, self.original_name)


class FormName(models.TextChoices):
    SURVEY = "survey", _("Site survey")
    REQUIREMENTS = "requirements", _("Requirements form")


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    TEXTAREA = "textarea", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")


class CustomFormField(models.Model):
    """An extra field an admin adds to the survey or requirements form, without code."""

    form = models.CharField(_("form"), max_length=20, choices=FormName.choices)
    key = models.SlugField(_("key"), max_length=50, help_text=_("Internal name: letters, digits, _ and -"))
    label = models.CharField(_("label"), max_length=100)
    field_type = models.CharField(_("field type"), max_length=20, choices=FieldType.choices, default=FieldType.TEXT)
    choices = models.TextField(
        _("choices"), blank=True, max_length=TEXT_SHORT, help_text=_("For a choice field: one option per line")
    )
    help_text = models.CharField(_("help text"), max_length=200, blank=True)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["form", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["form", "key"], name="custom_form_field_unique_key")]
        verbose_name = _("custom form field")
        verbose_name_plural = _("custom form fields")

    def __str__(self) -> str:
        return f"{self.get_form_display()}: {self.label}"

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class SiteSurvey(models.Model):
    """上门调研/现场勘察 record, filled by the assigned engineer. The seed's survey collects
    医院信息化程度、本次建设目标、硬件和网络状况、建筑状况."""

    request = models.OneToOneField(ServiceRequest, on_delete=models.CASCADE, related_name="survey")
    surveyed_on = models.DateField(_("survey date"))
    place = models.CharField(_("place"), max_length=200)
    people_met = models.TextField(
        _("people met"), max_length=TEXT_SHORT, help_text=_("Names, titles and departments of the people met")
    )
    current_situation = models.TextField(
        _("current situation"),
        blank=True,
        max_length=TEXT_LONG,
        help_text=_("Level of informatisation, systems in use, pain points"),
    )
    equipment_facts = models.TextField(_("hardware and equipment"), blank=True, max_length=TEXT_LONG)
    network_facts = models.TextField(_("network"), blank=True, max_length=TEXT_LONG)
    building_facts = models.TextField(
        _("building"), blank=True, max_length=TEXT_LONG, help_text=_("Rooms, cabling routes, power, space")
    )
    needs_found = models.TextField(
        _("goals and needs found"), max_length=TEXT_LONG, help_text=_("Construction goals and needs learned")
    )
    extra = models.JSONField(default=dict, blank=True)
    filled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site survey")
        verbose_name_plural = _("site surveys")

    def __str__(self) -> str:
        return f"{self.request_id} {self.surveyed_on}"


def survey_upload_to(instance, filename: str) -> str:
    return f"service_requests/{instance.survey.request_id}/survey/{filename}"


class SurveyAttachment(models.Model):
    survey = models.ForeignKey(SiteSurvey, on_delete=models.CASCADE, related_name="attachments")
    file = DocumentFileField(_("file"), upload_to=survey_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)  # whole, as uploaded
    is_photo = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.filename

    @property
    def filename(self) -> str:
        return stored_name(self.file, self.original_name)


class RequirementsForm(models.Model):
    """用户需求表: filled by sales when no site survey is needed."""

    request = models.OneToOneField(ServiceRequest, on_delete=models.CASCADE, related_name="requirements")
    business_background = models.TextField(
        _("business background"), max_length=TEXT_LONG, help_text=_("Current situation and why now")
    )
    needs = models.TextField(
        _("customer needs"), max_length=TEXT_LONG, help_text=_("Construction goals and what the customer wants")
    )
    scope = models.TextField(_("scope"), blank=True, max_length=TEXT_LONG)
    budget_range = models.CharField(_("budget range"), max_length=100, blank=True)
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    existing_systems = models.TextField(_("existing systems, hardware and network"), blank=True, max_length=TEXT_LONG)
    constraints = models.TextField(
        _("constraints"), blank=True, max_length=TEXT_LONG, help_text=_("Building, standards, policies")
    )
    extra = models.JSONField(default=dict, blank=True)
    filled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("requirements form")
        verbose_name_plural = _("requirements forms")

    def __str__(self) -> str:
        return f"{self.request_id}"
