from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from presales.accounts.roles import TEAM_PEOPLE
from presales.lib.forms import TEXT_SHORT, BootstrapFormMixin, DateInput, PeoplePicker, VersionField
from presales.lib.uploads import check_upload
from presales.tenders.models import (
    NOTE_MAX,
    OUTCOME_FILE_EXTENSIONS,
    PACKAGE_FILE_EXTENSIONS,
    SCORE_MAX,
    SCORE_MIN,
    TENDER_FILE_EXTENSIONS,
    Decision,
    Lot,
    PackageItem,
    PackageItemType,
    ReviewResult,
    Tender,
    TenderFileKind,
    WorkStatus,
)
from presales.tenders.services.tender import TENDER_FIELDS


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _extensions(allowed) -> str:
    return ", ".join(f".{e}" for e in sorted(allowed))


class TenderForm(BootstrapFormMixin, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Tender
        fields = TENDER_FIELDS
        widgets = {
            "questions_due_at": DateTimeInput,
            "submission_due_at": DateTimeInput,
            "opening_at": DateTimeInput,
            "bond_due_on": DateInput,
            "bond_paid_on": DateInput,
            "bond_return_due_on": DateInput,
            "bond_returned_on": DateInput,
            "note": forms.Textarea,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("questions_due_at", "submission_due_at", "opening_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        self.fields["buyer"].required = False
        self.fields["buyer"].help_text = _("Empty: the opportunity's customer.")
        self.fields["bond_way"].choices = [("", "—"), *self.fields["bond_way"].choices[1:]]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self):  # the service validates and saves; the model's own checks need the opportunity
        pass


class TenderFileForm(BootstrapFormMixin, forms.Form):
    id_prefix = "tender-file"
    kind = forms.ChoiceField(label=_("Kind"), choices=TenderFileKind.choices)
    file = forms.FileField(
        label=_("File"), help_text=_("Allowed: %(types)s") % {"types": _extensions(TENDER_FILE_EXTENSIONS)}
    )
    note = forms.CharField(label=_("Note"), max_length=NOTE_MAX, required=False)

    def clean_file(self):
        return check_upload(self.cleaned_data.get("file"), TENDER_FILE_EXTENSIONS)


class LotForm(BootstrapFormMixin, forms.ModelForm):
    id_prefix = "lot"

    class Meta:
        model = Lot
        fields = ["number", "name", "budget", "bid"]

    def _post_clean(self):
        pass


class ScoreForm(BootstrapFormMixin, forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"), coerce=int, choices=[(n, str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]
    )
    note = forms.CharField(label=_("Note"), max_length=NOTE_MAX, required=False)


class DecisionForm(BootstrapFormMixin, forms.Form):
    id_prefix = "decision"
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(Decision.BID, Decision.BID.label), (Decision.NO_BID, Decision.NO_BID.label)]
    )
    reason = forms.CharField(label=_("Reason"), max_length=TEXT_SHORT, widget=forms.Textarea)
    version = VersionField()


class TeamMemberForm(BootstrapFormMixin, forms.Form):
    id_prefix = "team"
    role = forms.CharField(label=_("Role in the bid"), max_length=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_field("member", PeoplePicker.one(roles=TEAM_PEOPLE, label=_("Member")))
        self.order_fields(["member", "role"])


class TaskForm(BootstrapFormMixin, forms.Form):
    id_prefix = "task"
    title = forms.CharField(label=_("Task"), max_length=200)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_field("owner", PeoplePicker.one(roles=TEAM_PEOPLE, label=_("Owner"), required=False))
        self.order_fields(["title", "owner", "due_on"])


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(choices=WorkStatus.choices)


class PackageItemAddForm(BootstrapFormMixin, forms.Form):
    id_prefix = "package-add"
    item_type = forms.ModelChoiceField(
        label=_("Document"), queryset=PackageItemType.objects.filter(is_active=True), empty_label="—"
    )
    title = forms.CharField(label=_("Details"), max_length=200, required=False)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)


class PackageItemForm(BootstrapFormMixin, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = PackageItem
        fields = ["title", "required", "owner", "due_on", "status", "note"]
        widgets = {"due_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_field("owner", PeoplePicker.one(roles=TEAM_PEOPLE, label=_("Owner"), required=False))
        self.order_fields(["title", "required", "owner", "due_on", "status", "note"])
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["owner"].initial = self.instance.owner_id

    def _post_clean(self):
        pass


class PackageFileForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("Allowed: %(types)s") % {"types": _extensions(PACKAGE_FILE_EXTENSIONS)}
    )

    def clean_file(self):
        return check_upload(self.cleaned_data.get("file"), PACKAGE_FILE_EXTENSIONS)


class PackageDocumentForm(BootstrapFormMixin, forms.Form):
    document = forms.ModelChoiceField(label=_("Library document"), queryset=None, empty_label="—")

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
        self.fields["document"].label_from_instance = _document_label


def _document_label(document) -> str:
    if document.valid_until:
        return f"{document.title}（{_('valid until')} {document.valid_until:%Y-%m-%d}）"
    return document.title


class ReviewForm(forms.Form):
    result = forms.ChoiceField(choices=ReviewResult.choices)
    comment = forms.CharField(max_length=NOTE_MAX, required=False)
    version = VersionField()


class AwardForm(BootstrapFormMixin, forms.Form):
    id_prefix = "award"
    file = forms.FileField(
        label=_("Award notice"),
        help_text=_("中标通知书 or 中标公告. Allowed: %(types)s") % {"types": _extensions(OUTCOME_FILE_EXTENSIONS)},
    )
    decided_on = forms.DateField(label=_("Award date"), required=False, widget=DateInput)
    amount = forms.DecimalField(label=_("Awarded amount (CNY)"), max_digits=14, decimal_places=2, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].validators = Tender._meta.get_field("bond_amount").validators

    def clean_file(self):
        return check_upload(self.cleaned_data.get("file"), OUTCOME_FILE_EXTENSIONS)


class LossForm(BootstrapFormMixin, forms.Form):
    id_prefix = "loss"
    winning_competitor = forms.CharField(label=_("Winning competitor"), max_length=100)
    winning_price = forms.DecimalField(
        label=_("Their price (CNY)"), max_digits=14, decimal_places=2, required=False, help_text=_("If known")
    )
    reasons = forms.CharField(label=_("Reasons"), max_length=TEXT_SHORT, widget=forms.Textarea)
    decided_on = forms.DateField(label=_("Date"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["winning_price"].validators = Tender._meta.get_field("bond_amount").validators


class CancelForm(BootstrapFormMixin, forms.Form):
    id_prefix = "cancel"
    reason = forms.CharField(label=_("Reason"), max_length=TEXT_SHORT, widget=forms.Textarea)
