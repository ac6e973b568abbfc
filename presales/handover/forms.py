from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from presales.accounts.roles import IMPLEMENTATION_PEOPLE
from presales.handover.models import AcceptanceReport, Handover, SupportVisit
from presales.lib.forms import BootstrapFormMixin, DateInput, PeoplePicker
from presales.lib.uploads import DOCUMENT_EXTENSIONS, check_upload
from presales.solutions.forms import VersionedFormMixin


class HandoverForm(VersionedFormMixin, BootstrapFormMixin, forms.ModelForm):
    implementation_lead = PeoplePicker.one(roles=IMPLEMENTATION_PEOPLE, label=_("Implementation lead"), required=False)
    implementation_team = PeoplePicker.many(roles=IMPLEMENTATION_PEOPLE, label=_("Implementation team"), required=False)
    plan = forms.FileField(label=_("Construction plan (施工组织计划与施工方案)"), required=False)

    class Meta:
        model = Handover
        fields = [
            "implementation_lead",
            "implementation_team",
            "planned_start",
            "planned_end",
            "handed_over_at",
            "schedule",
            "notes",
        ]
        widgets = {
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "handed_over_at": DateInput(),
            "schedule": forms.Textarea(attrs={"col": "col-12"}),
            "notes": forms.Textarea(attrs={"col": "col-12"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["implementation_team"].initial = list(self.instance.implementation_team.all())

    def clean_plan(self):
        return check_upload(self.cleaned_data.get("plan"), DOCUMENT_EXTENSIONS)


class VisitForm(BootstrapFormMixin, forms.ModelForm):
    id_prefix = "visit"  # beside other forms on its page
    engineer = PeoplePicker.one(roles=IMPLEMENTATION_PEOPLE, label=_("Engineer"))

    class Meta:
        model = SupportVisit
        fields = ["visited_on", "engineer", "place", "hours", "work_done", "issues"]
        widgets = {"visited_on": DateInput()}


class AcceptanceForm(VersionedFormMixin, BootstrapFormMixin, forms.ModelForm):
    id_prefix = "acceptance"  # beside other forms on its page

    class Meta:
        model = AcceptanceReport
        fields = ["accepted_on", "file", "summary"]
        widgets = {"accepted_on": DateInput(), "summary": forms.Textarea(attrs={"col": "col-12"})}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload is not self.instance.file:
            check_upload(upload, DOCUMENT_EXTENSIONS)
        return upload
