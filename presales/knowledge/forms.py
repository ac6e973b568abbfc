"""The library's forms. Every file goes through check_upload (LIBRARY_EXTENSIONS) in clean_file,
so a refused file says why and the rest of the form is kept (the browser only loses the chosen
file: includes/form_fields.html says to choose it again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from presales.accounts.models import Department
from presales.accounts.roles import Role
from presales.catalog.models import Product
from presales.customers.models import Industry
from presales.knowledge.models import (
    REVIEW_INTERVAL_MAX,
    DocumentAccess,
    Folder,
    FolderAccess,
    GrantTarget,
    Right,
)
from presales.knowledge.services import GrantSpec
from presales.knowledge.services.documents import MAX_TAGS, TAG_MAX_CHARS
from presales.lib.forms import TEXT_SHORT, BootstrapFormMixin, DateInput, ModelMultipleChoiceField, PeoplePicker
from presales.lib.uploads import LIBRARY_EXTENSIONS, check_upload

ACCEPT = ",".join(f".{ext}" for ext in sorted(LIBRARY_EXTENSIONS))
TAGS_MAX_CHARS = MAX_TAGS * (TAG_MAX_CHARS + 1)


def _file_field(**kwargs) -> forms.FileField:
    return forms.FileField(
        label=_("File"),
        help_text=_("Word, Excel, PowerPoint, PDF, text, Markdown or an image."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT, "col": "col-12"}),
        **kwargs,
    )


def split_tags(value: str) -> list[str]:
    return [part.strip() for part in value.replace("，", ",").replace("、", ",").split(",") if part.strip()]


class GrantFieldsMixin:
    """Who reads, who edits: departments, roles and people (and "everyone reads"), turned into
    the GrantSpec list the services take, and filled back from existing grants."""

    grant_prefixes = (Right.READ, Right.EDIT)
    offers_everyone = True  # a folder says "everyone reads" by its access instead

    def add_grant_fields(self, grants=()) -> None:
        departments = Department.objects.order_by("name")
        labels = {
            Right.READ: (_("Departments that may read"), _("Roles that may read"), _("People who may read")),
            Right.EDIT: (_("Departments that may edit"), _("Roles that may edit"), _("People who may edit")),
        }
        if self.offers_everyone:
            field = forms.BooleanField(label=_("Everyone may read"), required=False)
            self.add_field("everyone_reads", field)  # type: ignore[attr-defined]
        for right in self.grant_prefixes:
            by_department, by_role, by_person = labels[right]
            add = self.add_field  # type: ignore[attr-defined]
            by_departments = ModelMultipleChoiceField(queryset=departments, required=False, label=by_department)
            add(f"{right}_departments", by_departments)
            add(f"{right}_roles", forms.MultipleChoiceField(choices=Role.choices, required=False, label=by_role))
            add(f"{right}_people", PeoplePicker.many(roles=Role.values, required=False, label=by_person))
        initial: dict[str, list] = {}
        for grant in grants:
            if grant.target == GrantTarget.EVERYONE:
                if self.offers_everyone:
                    self.fields["everyone_reads"].initial = True  # type: ignore[attr-defined]
                continue
            key = {"department": "departments", "role": "roles", "person": "people"}[grant.target]
            value = {"department": grant.department_id, "role": grant.role, "person": grant.person_id}[grant.target]
            initial.setdefault(f"{grant.right}_{key}", []).append(value)
        for name, values in initial.items():
            self.fields[name].initial = values  # type: ignore[attr-defined]

    def grant_specs(self) -> list[GrantSpec]:
        data = self.cleaned_data  # type: ignore[attr-defined]
        specs = [GrantSpec(right=Right.READ, target=GrantTarget.EVERYONE)] if data.get("everyone_reads") else []
        for right in self.grant_prefixes:
            specs += [
                GrantSpec(right=right, target=GrantTarget.DEPARTMENT, department=d)
                for d in data.get(f"{right}_departments") or ()
            ]
            specs += [GrantSpec(right=right, target=GrantTarget.ROLE, role=r) for r in data.get(f"{right}_roles") or ()]
            specs += [
                GrantSpec(right=right, target=GrantTarget.PERSON, person=p) for p in data.get(f"{right}_people") or ()
            ]
        return specs


class DocumentFieldsMixin:
    def add_document_fields(self, document=None) -> None:
        self.add_field(  # type: ignore[attr-defined]
            "tags",
            forms.CharField(
                label=_("Tags"),
                required=False,
                max_length=TAGS_MAX_CHARS,
                help_text=_("Separated by commas, at most %(max)d.") % {"max": MAX_TAGS},
            ),
        )
        self.add_field(  # type: ignore[attr-defined]
            "products",
            ModelMultipleChoiceField(
                queryset=Product.objects.order_by("model_code"), required=False, label=_("Products")
            ),
        )
        self.add_field(  # type: ignore[attr-defined]
            "industries",
            forms.MultipleChoiceField(
                choices=Industry.choices,
                required=False,
                label=_("Industries"),
                widget=forms.CheckboxSelectMultiple(attrs={"col": "col-12"}),
            ),
        )
        self.fields["products"].label_from_instance = lambda p: f"{p.model_code} {p.name}"  # type: ignore[attr-defined]
        if document is not None:
            fields = self.fields  # type: ignore[attr-defined]
            fields["tags"].initial = ", ".join(t.name for t in document.tags.all())
            fields["products"].initial = [p.pk for p in document.products.all()]
            fields["industries"].initial = document.industry_codes

    def clean_tags(self):
        return split_tags(self.cleaned_data.get("tags") or "")  # type: ignore[attr-defined]


def _interval_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Review every (months)"),
        min_value=0,
        max_value=REVIEW_INTERVAL_MAX,
        initial=12,
        help_text=_("0: the document is never due for review."),
    )


def _valid_until_field() -> forms.DateField:
    return forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput,
        help_text=_("For certificates, licences and test reports: the last day they are valid."),
    )


class DocumentCreateForm(GrantFieldsMixin, DocumentFieldsMixin, BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    folder = forms.ModelChoiceField(queryset=Folder.objects.none(), label=_("Folder"), empty_label="—")
    file = _file_field()
    description = forms.CharField(
        label=_("Description"), required=False, max_length=TEXT_SHORT, widget=forms.Textarea(attrs={"col": "col-12"})
    )
    review_interval_months = _interval_field()
    valid_until = _valid_until_field()
    access = forms.ChoiceField(
        label=_("Who may read and edit"),
        choices=DocumentAccess.choices,
        initial=DocumentAccess.INHERIT,
        help_text=_("Its own rules replace the folder's readers below; the folder's editors keep the document."),
    )

    def __init__(self, *args, folders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["folder"].queryset = folders
        self.fields["folder"].label_from_instance = lambda f: f"{f.library.name} / {f.name}"
        self.add_document_fields()
        self.add_grant_fields()

    def clean_file(self):
        return check_upload(self.cleaned_data.get("file"), LIBRARY_EXTENSIONS)


class DocumentEditForm(DocumentFieldsMixin, BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    folder = forms.ModelChoiceField(queryset=Folder.objects.none(), label=_("Folder"), empty_label=None)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=TEXT_SHORT, widget=forms.Textarea(attrs={"col": "col-12"})
    )
    review_interval_months = _interval_field()
    valid_until = _valid_until_field()

    def __init__(self, *args, document, folders, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": document.title,
                "folder": document.folder_id,
                "description": document.description,
                "review_interval_months": document.review_interval_months,
                "valid_until": document.valid_until,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["folder"].queryset = folders | Folder.objects.filter(pk=document.folder_id)
        self.fields["folder"].label_from_instance = lambda f: f"{f.library.name} / {f.name}"
        self.add_document_fields(document)


class VersionForm(BootstrapFormMixin, forms.Form):
    file = _file_field()
    change_note = forms.CharField(
        label=_("What changed"), max_length=TEXT_SHORT, widget=forms.Textarea(attrs={"col": "col-12"})
    )

    def clean_file(self):
        return check_upload(self.cleaned_data.get("file"), LIBRARY_EXTENSIONS)


class DocumentGrantsForm(GrantFieldsMixin, BootstrapFormMixin, forms.Form):
    access = forms.ChoiceField(label=_("Who may read and edit"), choices=DocumentAccess.choices)

    def __init__(self, *args, document, **kwargs):
        kwargs.setdefault("initial", {"access": document.access})
        super().__init__(*args, **kwargs)
        self.add_grant_fields(document.grants.all())


class FolderForm(GrantFieldsMixin, BootstrapFormMixin, forms.Form):
    offers_everyone = False
    name = forms.CharField(label=_("Name"), max_length=100)
    parent = forms.ModelChoiceField(
        queryset=Folder.objects.none(), label=_("Parent folder"), required=False, empty_label="—"
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=100)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=TEXT_SHORT, widget=forms.Textarea(attrs={"col": "col-12"})
    )
    inherit = forms.BooleanField(label=_("Inherit the parent folder's rules"), required=False, initial=True)
    access = forms.ChoiceField(label=_("Who may read"), choices=FolderAccess.choices, initial=FolderAccess.EVERYONE)

    def __init__(self, *args, library, folder=None, **kwargs):
        if folder is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": folder.name,
                    "parent": folder.parent_id,
                    "order": folder.order,
                    "description": folder.description,
                    "inherit": folder.inherit,
                    "access": folder.access,
                },
            )
        super().__init__(*args, **kwargs)
        parents = Folder.objects.filter(library=library)
        if folder is not None:
            parents = parents.exclude(pk=folder.pk)
        self.fields["parent"].queryset = parents
        self.add_grant_fields(folder.grants.all() if folder is not None else ())
