from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from presales.accounts.roles import PRESALES_PEOPLE, TEAM_PEOPLE, Role
from presales.lib.forms import (
    TEXT_LONG,
    TEXT_SHORT,
    BootstrapFormMixin,
    DateInput,
    PeoplePicker,
    VersionField,
)
from presales.lib.uploads import check_upload
from presales.solutions.models import (
    REVIEW_POINTS,
    QASession,
    Review,
    Solution,
    SolutionVersion,
)

SOLUTION_EXTENSIONS = frozenset({"docx", "pdf", "pptx"})


class VersionedFormMixin:
    """The hidden version of the record opened (0 when it does not exist yet), checked by the
    service so that a save based on an old copy is refused instead of overwriting."""

    version_field = "version"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = VersionField()
        self.fields["version"].initial = getattr(self.instance, self.version_field) if self.instance.pk else 0


class SolutionForm(VersionedFormMixin, BootstrapFormMixin, forms.ModelForm):
    designers = PeoplePicker.many(roles=PRESALES_PEOPLE, label=_("Designers"), required=True)
    team = PeoplePicker.many(roles=TEAM_PEOPLE, label=_("Project team"), required=False)

    class Meta:
        model = Solution
        fields = ["title", "service_request", "due_date", "scope"]
        widgets = {"due_date": DateInput(), "scope": forms.Textarea(attrs={"col": "col-12"})}

    def __init__(self, *args, opportunity, **kwargs):
        super().__init__(*args, **kwargs)
        # The request this design answers: one of the opportunity's service requests.
        self.fields["service_request"].queryset = opportunity.service_requests.order_by("-submitted_at")
        self.fields["service_request"].label_from_instance = lambda sr: f"{sr.code} {sr.title}"
        if self.instance.pk:
            self.fields["designers"].initial = list(self.instance.designers.all())
            self.fields["team"].initial = list(self.instance.team.all())


class VersionForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = SolutionVersion
        fields = ["file", "summary", "main_equipment", "cost_low", "cost_high", "change_reason"]
        widgets = {
            "file": forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.pptx", "col": "col-12"}),
            "summary": forms.Textarea(attrs={"col": "col-12"}),
            "main_equipment": forms.Textarea(attrs={"col": "col-12"}),
            "change_reason": forms.Textarea(attrs={"col": "col-12"}),
        }

    def __init__(self, *args, number: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Word, PDF or PowerPoint (docx, pdf, pptx).")
        if number > 1:
            self.fields["change_reason"].required = True
            self.fields["change_reason"].help_text = _("Why this version differs from the previous one.")
        else:
            del self.fields["change_reason"]

    def clean_file(self):
        return check_upload(self.cleaned_data.get("file"), SOLUTION_EXTENSIONS)

    def clean(self):
        data = super().clean()
        low, high = data.get("cost_low"), data.get("cost_high")
        if low is not None and high is not None and low > high:
            self.add_error("cost_high", _("The cost range is reversed: “from” is above “to”."))
        return data


class ReviewForm(VersionedFormMixin, BootstrapFormMixin, forms.ModelForm):
    version_field = "edit_version"
    chair = PeoplePicker.one(roles=(Role.PRESALES_MANAGER,), label=_("Chair (technical head)"))
    attendees = PeoplePicker.many(roles=(*TEAM_PEOPLE, Role.GENERAL_MANAGER), label=_("Attendees"), required=False)

    class Meta:
        model = Review
        fields = [
            "chair",
            "held_on",
            "place",
            "attendees",
            *[f"{name}_{part}" for name, _label in REVIEW_POINTS for part in ("rating", "comment")],
            "conclusion",
            "minutes",
        ]
        widgets = {
            "held_on": DateInput(),
            "minutes": forms.Textarea(attrs={"col": "col-12"}),
            **{f"{name}_comment": forms.Textarea(attrs={"rows": 2}) for name, _label in REVIEW_POINTS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["attendees"].initial = list(self.instance.attendees.all())
        for name, _label in REVIEW_POINTS:
            self.fields[f"{name}_rating"].widget.attrs["data-testid"] = f"rating-{name}"
        self.fields["conclusion"].required = True


class QAForm(BootstrapFormMixin, forms.ModelForm):
    our_attendees = PeoplePicker.many(roles=TEAM_PEOPLE, label=_("Our attendees"), required=False)

    class Meta:
        model = QASession
        fields = ["held_on", "place", "customer_attendees", "our_attendees", "notes"]
        widgets = {"held_on": DateInput(), "notes": forms.Textarea(attrs={"col": "col-12"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)


class QAItemForm(BootstrapFormMixin, forms.Form):
    question = forms.CharField(
        label=_("Question"), required=False, max_length=TEXT_SHORT, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer = forms.CharField(
        label=_("Answer"), required=False, max_length=TEXT_LONG, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up = forms.CharField(
        label=_("Follow-up"), required=False, max_length=TEXT_SHORT, widget=forms.Textarea(attrs={"rows": 2})
    )


QAItemFormSet = forms.formset_factory(QAItemForm, extra=3)
