"""Solutions (方案设计报告表), their versions, review meetings and on-site Q&A.

A solution belongs to an opportunity; each revision is a SolutionVersion with the reason of
change (方案修改流程). A version is reviewed at a meeting (方案评审会) and then signed off by
the technical head, sales head and commercial head through the approvals engine; the
approved version is the 《解决方案》 deliverable of the 咨询 stage. The handover to
implementation that follows is its own app (presales.handover).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from presales.events.models import subject_events
from presales.lib.forms import TEXT_LONG, TEXT_SHORT
from presales.lib.uploads import DocumentFileField, stored_name


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Reviewed")
    SIGNING = "signing", _("In sign-off")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    SUPERSEDED = "superseded", _("Superseded")


class SolutionStatus(models.TextChoices):
    NEW = "new", _("No version yet")
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Reviewed")
    SIGNING = "signing", _("In sign-off")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class Solution(models.Model):
    """The solution design report (方案设计报告表)."""

    opportunity = models.ForeignKey(
        "opportunities.Opportunity", verbose_name=_("opportunity"), on_delete=models.PROTECT, related_name="solutions"
    )
    service_request = models.ForeignKey(
        "service_requests.ServiceRequest",
        verbose_name=_("service request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solutions",
    )
    code = models.CharField(_("code"), max_length=40, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    scope = models.TextField(_("scope"), blank=True, max_length=TEXT_LONG)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    designers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("designers"), related_name="designed_solutions", blank=True
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("project team"), related_name="solution_teams", blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SolutionStatus.choices, default=SolutionStatus.NEW, editable=False
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    events = subject_events()

    # The designers' ids once read for this instance (presales.solutions.access.is_designer;
    # the detail page's selector fills it from the designers it lists). Not a field.
    _designer_ids: set[int] | None = None

    class Meta:
        ordering = ["-created_at", "-id"]
        # the list's sort keys (presales.lib.sorting); code is unique
        indexes = [
            models.Index(fields=["created_at"], name="solution_created_idx"),
            models.Index(fields=["title"], name="solution_title_idx"),
            models.Index(fields=["status"], name="solution_status_idx"),
            models.Index(fields=["due_date"], name="solution_due_idx"),
        ]
        verbose_name = _("solution design report")
        verbose_name_plural = _("solution design reports")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def no_way_forward(self) -> str:
        """Why a returned solution goes no further, or "": its opportunity is closed, so no
        new version can be uploaded nor submitted again (solutions.access.can_change)."""
        if self.status != SolutionStatus.RETURNED:
            return ""
        return _CLOSED_NOTES.get(self.opportunity.status, "")


# By the opportunity's status (opportunities.models.OpportunityStatus; a string here: that
# app's models import nothing of this one, and this one only names them).
_CLOSED_NOTES = {
    "abandoned": _("The opportunity was abandoned: this solution goes no further."),
    "lost": _("The opportunity was lost: this solution goes no further."),
    "won": _("The opportunity is closed as won: this returned version goes no further."),
}


def version_upload_to(instance: SolutionVersion, filename: str) -> str:
    return f"solutions/{instance.solution_id}/v{instance.number}/{filename}"


class SolutionVersion(models.Model):
    solution = models.ForeignKey(
        Solution, verbose_name=_("solution"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"), editable=False)
    file = DocumentFileField(_("document"), upload_to=version_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)  # whole, as uploaded
    summary = models.TextField(_("summary"), max_length=TEXT_LONG)
    main_equipment = models.TextField(_("main equipment selection"), blank=True, max_length=TEXT_LONG)
    cost_low = models.DecimalField(_("cost range from (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True)
    cost_high = models.DecimalField(_("cost range to (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True)
    change_reason = models.TextField(_("reason of change"), blank=True, max_length=TEXT_SHORT)
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT, editable=False
    )
    return_reasons = models.TextField(_("reasons for return"), blank=True, editable=False, max_length=TEXT_LONG)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["solution", "-number"]
        verbose_name = _("solution version")
        verbose_name_plural = _("solution versions")
        constraints = [models.UniqueConstraint(fields=["solution", "number"], name="solution_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.solution.code} v{self.number}"

    @property
    def file_name(self) -> str:
        return stored_name(self.file, self.original_name)


class Rating(models.IntegerChoices):
    ONE = 1, "1"
    TWO = 2, "2"
    THREE = 3, "3"
    FOUR = 4, "4"
    FIVE = 5, "5"


class ReviewConclusion(models.TextChoices):
    PASS = "pass", _("Pass")
    REVISE = "revise", _("Revise")


# The points the review meeting rates (name of the field prefix, label).
REVIEW_POINTS = (
    ("feasibility", _("Feasibility")),
    ("advancement", _("Advancement")),
    ("equipment_selection", _("Equipment selection")),
    ("cost_range", _("Cost range")),
)


class Review(models.Model):
    """The review meeting (方案评审会) of one version."""

    version = models.OneToOneField(
        SolutionVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="review"
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chair (technical head)"), on_delete=models.PROTECT, related_name="+"
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attendees"), related_name="+", blank=True
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True, max_length=TEXT_LONG)
    feasibility_rating = models.PositiveSmallIntegerField(
        _("feasibility"), choices=Rating.choices, null=True, blank=True
    )
    feasibility_comment = models.TextField(_("feasibility comment"), blank=True, max_length=TEXT_SHORT)
    advancement_rating = models.PositiveSmallIntegerField(
        _("advancement"), choices=Rating.choices, null=True, blank=True
    )
    advancement_comment = models.TextField(_("advancement comment"), blank=True, max_length=TEXT_SHORT)
    equipment_selection_rating = models.PositiveSmallIntegerField(
        _("equipment selection"), choices=Rating.choices, null=True, blank=True
    )
    equipment_selection_comment = models.TextField(_("equipment selection comment"), blank=True, max_length=TEXT_SHORT)
    cost_range_rating = models.PositiveSmallIntegerField(_("cost range"), choices=Rating.choices, null=True, blank=True)
    cost_range_comment = models.TextField(_("cost range comment"), blank=True, max_length=TEXT_SHORT)
    conclusion = models.CharField(_("conclusion"), max_length=10, choices=ReviewConclusion.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    # The stale-edit counter (lib.services.check_version); `version` is the solution version.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("solution review")
        verbose_name_plural = _("solution reviews")

    def __str__(self) -> str:
        return f"{self.version} · {self.held_on}"

    def points(self) -> list[tuple[str, int | None, str]]:
        return [
            (label, getattr(self, f"{name}_rating"), getattr(self, f"{name}_comment")) for name, label in REVIEW_POINTS
        ]


class QASession(models.Model):
    """On-site Q&A (现场答疑) on a submitted solution version."""

    version = models.ForeignKey(
        SolutionVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="qa_sessions"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    customer_attendees = models.TextField(_("customer attendees"), blank=True, max_length=TEXT_SHORT)
    our_attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("our attendees"), related_name="+", blank=True
    )
    notes = models.TextField(_("notes"), blank=True, max_length=TEXT_LONG)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("on-site Q&A")
        verbose_name_plural = _("on-site Q&A")

    def __str__(self) -> str:
        return f"{self.version} · {self.held_on}"


class QAItem(models.Model):
    session = models.ForeignKey(QASession, on_delete=models.CASCADE, related_name="items")
    question = models.TextField(_("question"), max_length=TEXT_SHORT)
    answer = models.TextField(_("answer"), blank=True, max_length=TEXT_LONG)
    follow_up = models.TextField(_("follow-up"), blank=True, max_length=TEXT_SHORT)

    class Meta:
        ordering = ["session", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.question[:50]
