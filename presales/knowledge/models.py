"""The library (知识库/资料库): libraries and folders as data, documents with versions, and the
grants that say who may read or edit a folder or a document.

The seed asks every presales department to build its 知识库 and 资料库 (业务库, 技术库, 标准库,
集成知识库; 基础资源库; 招投标资料库) and to work from it. Libraries and folders are rows an admin
edits (seeded by migration 0002). A folder's rules come from its parent while `inherit` is
set; a document follows its folder's rules unless its `access` is "own". Who may do what is
decided in presales.knowledge.access (docs/permissions.md); the life-cycle's transitions in
presales.knowledge.services.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from presales.accounts.roles import Role
from presales.lib.forms import TEXT_SHORT
from presales.lib.uploads import DocumentFileField, stored_name

REVIEW_INTERVAL_MAX = 60  # months: a document is looked at again at least every five years, or never (0)
EXTRACTED_TEXT_MAX = 200_000  # characters of a version's text kept for search and preview


class Library(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_SHORT)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("library")
        verbose_name_plural = _("libraries")

    def __str__(self) -> str:
        return self.name


class FolderAccess(models.TextChoices):
    EVERYONE = "everyone", _("Everyone may read")
    RESTRICTED = "restricted", _("Only those granted")


class Folder(models.Model):
    library = models.ForeignKey(Library, verbose_name=_("library"), on_delete=models.PROTECT, related_name="folders")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent folder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_SHORT)
    inherit = models.BooleanField(
        _("inherit the parent's rules"),
        default=True,
        help_text=_("A folder that inherits is read and edited by whoever may read and edit its parent folder."),
    )
    access = models.CharField(
        _("who may read"), max_length=20, choices=FolderAccess.choices, default=FolderAccess.EVERYONE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["library__order", "order", "name"]
        verbose_name = _("folder")
        verbose_name_plural = _("folders")
        constraints = [
            models.UniqueConstraint(fields=["library", "parent", "name"], name="knowledge_folder_name_unique"),
            models.UniqueConstraint(
                fields=["library", "name"], condition=Q(parent__isnull=True), name="knowledge_top_folder_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Right(models.TextChoices):
    READ = "read", _("Read")
    EDIT = "edit", _("Edit")


class GrantTarget(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    DEPARTMENT = "department", _("Department")
    ROLE = "role", _("Role")
    PERSON = "person", _("Person")


def _target_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Exactly the field the target names is set (a department grant names a department…)."""
    empty = Q(department__isnull=True, role="", person__isnull=True)
    return [
        models.CheckConstraint(
            condition=(
                (Q(target=GrantTarget.EVERYONE) & empty)
                | Q(target=GrantTarget.DEPARTMENT, department__isnull=False, role="", person__isnull=True)
                | (Q(target=GrantTarget.ROLE, department__isnull=True, person__isnull=True) & ~Q(role=""))
                | Q(target=GrantTarget.PERSON, department__isnull=True, role="", person__isnull=False)
            ),
            name=f"{prefix}_target_consistent",
        ),
    ]


class Grant(models.Model):
    """One right (read, or edit which includes read) given to everyone, a department (its
    members; not sub-departments), holders of a role, or one person."""

    right = models.CharField(_("right"), max_length=10, choices=Right.choices, default=Right.READ)
    target = models.CharField(_("given to"), max_length=20, choices=GrantTarget.choices)
    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.CASCADE
    )
    role = models.CharField(_("role"), max_length=30, blank=True, choices=Role.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        if self.target == GrantTarget.DEPARTMENT:
            whom = str(self.department)
        elif self.target == GrantTarget.ROLE:
            whom = str(Role(self.role).label) if self.role in Role.values else self.role
        elif self.target == GrantTarget.PERSON:
            whom = str(self.person)
        else:
            whom = str(GrantTarget.EVERYONE.label)
        return f"{whom}: {self.get_right_display()}"


class FolderGrant(Grant):
    folder = models.ForeignKey(Folder, verbose_name=_("folder"), on_delete=models.CASCADE, related_name="grants")

    class Meta:
        verbose_name = _("folder grant")
        verbose_name_plural = _("folder grants")
        constraints = _target_constraints("knowledge_foldergrant")
        indexes = [models.Index(fields=["target", "role"], name="knowledge_fgrant_target")]


class Tag(models.Model):
    """A word documents are filed under. A table rather than a text of comma tags: the folder
    filter matches a tag exactly and by index, and tags are listed with their counts."""

    name = models.CharField(_("name"), max_length=30, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    EXPIRED = "expired", _("Review overdue")
    ARCHIVED = "archived", _("Archived")


class DocumentAccess(models.TextChoices):
    INHERIT = "inherit", _("As its folder")
    OWN = "own", _("Its own rules")


class Document(models.Model):
    title = models.CharField(_("title"), max_length=200)
    folder = models.ForeignKey(Folder, verbose_name=_("folder"), on_delete=models.PROTECT, related_name="documents")
    description = models.TextField(_("description"), blank=True, max_length=TEXT_SHORT)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="documents")
    products = models.ManyToManyField(
        "catalog.Product", verbose_name=_("products"), blank=True, related_name="library_documents"
    )
    # customers.Industry codes, comma-separated in the choices' order (at most all 13 of them).
    industries = models.CharField(_("industries"), max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="library_documents"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT, editable=False
    )
    access = models.CharField(
        _("who may read and edit"), max_length=20, choices=DocumentAccess.choices, default=DocumentAccess.INHERIT
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"),
        default=12,
        validators=[MaxValueValidator(REVIEW_INTERVAL_MAX)],
        help_text=_("0: the document is never due for review."),
    )
    next_review_on = models.DateField(_("next review on"), null=True, blank=True, editable=False)
    # A certificate's own expiry (型式试验报告, 生产许可证, 资质证书): a bid may not carry it after.
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("For certificates, licences and test reports: the last day they are valid."),
    )
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    current_version = models.ForeignKey(
        "DocumentVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("library document")
        verbose_name_plural = _("library documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(review_interval_months__lte=REVIEW_INTERVAL_MAX), name="knowledge_review_interval_max"
            ),
        ]
        indexes = [
            models.Index(fields=["folder", "-updated_at"], name="knowledge_doc_folder_updated"),
            models.Index(fields=["folder", "title"], name="knowledge_doc_folder_title"),
            models.Index(fields=["folder", "-download_count"], name="knowledge_doc_folder_dl"),
            models.Index(fields=["owner", "next_review_on"], name="knowledge_doc_owner_review"),
            models.Index(fields=["status", "next_review_on"], name="knowledge_doc_status_review"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_expired(self) -> bool:
        """Past its own validity (valid_until), not its review date (status "expired")."""
        from django.utils import timezone

        return self.valid_until is not None and self.valid_until < timezone.localdate()

    @property
    def industry_codes(self) -> list[str]:
        return [code for code in self.industries.split(",") if code]

    def industry_labels(self) -> list[str]:
        from presales.customers.models import Industry

        labels = dict(Industry.choices)
        return [str(labels.get(code, code)) for code in self.industry_codes]

    def reuse_counts(self) -> dict[str, int]:
        """Where the document is used ("used in 3 bids, 5 solutions"): filled by the apps that
        link documents (presales.knowledge.reuse); nothing links yet, so nothing counts."""
        from presales.knowledge.reuse import reuse_counts

        return reuse_counts(self)


class DocumentGrant(Grant):
    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="grants")

    class Meta:
        verbose_name = _("document grant")
        verbose_name_plural = _("document grants")
        constraints = _target_constraints("knowledge_documentgrant")
        indexes = [models.Index(fields=["target", "role"], name="knowledge_dgrant_target")]


class ContentKind(models.TextChoices):
    PDF = "pdf", _("PDF")
    IMAGE = "image", _("Image")
    WORD = "word", _("Word document")
    SPREADSHEET = "spreadsheet", _("Spreadsheet")
    PRESENTATION = "presentation", _("Presentation")
    TEXT = "text", _("Text")
    OTHER = "other", _("Other")


def version_upload_to(instance: DocumentVersion, filename: str) -> str:
    return f"knowledge/{instance.document_id}/v{instance.number}/{filename}"


class DocumentVersion(models.Model):
    """One uploaded file of a document. Versions are never deleted: a new one is added with
    its change note, and archiving the document keeps every file."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"), editable=False)
    file = DocumentFileField(_("file"), upload_to=version_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)  # whole, as uploaded
    change_note = models.TextField(_("change note"), blank=True, max_length=TEXT_SHORT)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    content_kind = models.CharField(
        _("kind"), max_length=20, choices=ContentKind.choices, default=ContentKind.OTHER, editable=False
    )
    extracted_text = models.TextField(_("text"), blank=True, max_length=EXTRACTED_TEXT_MAX, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="knowledge_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.document.title} v{self.number}"

    @property
    def file_name(self) -> str:
        return stored_name(self.file, self.original_name)

    @property
    def extension(self) -> str:
        name = self.file_name
        return name.rsplit(".", 1)[-1].lower() if "." in name else ""


# Success cases, competitor profiles and document links (presales/knowledge/models_reuse.py).
from presales.knowledge.models_reuse import Competitor, DocumentLink, SuccessCase  # noqa: E402, F401
