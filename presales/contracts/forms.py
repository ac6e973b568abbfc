from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from presales.contracts import quoting
from presales.contracts.models import CONTRACT_EDIT_FIELDS, DEFAULT_PARTY_B, ActualCost, Contract, ContractFileKind
from presales.lib.bounds import TOTAL_MAX, AtMost
from presales.lib.forms import BootstrapFormMixin, DateInput, VersionField
from presales.lib.uploads import check_upload


class QuoteVersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return quoting.version_label(obj)


class ContractForm(BootstrapFormMixin, forms.ModelForm):
    version = VersionField()
    draft_file = forms.FileField(label=_("Contract draft"), required=False)

    class Meta:
        model = Contract
        fields = CONTRACT_EDIT_FIELDS
        widgets = {"delivery_date": DateInput()}
        field_classes = {"quote_version": QuoteVersionChoiceField}

    def __init__(self, *args, opportunity, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quote_version"].queryset = quoting.approved_versions(opportunity)
        self.fields["quote_version"].required = False
        self.fields["number"].required = False
        self.fields["number"].help_text = _("Empty: the next number HT-<year>-<seq> is given.")
        self.fields["title"].required = False
        self.fields["party_a"].required = False
        self.fields["amount"].required = False
        self.fields["amount"].help_text = _("Empty: the total of the approved quote.")
        if creating:
            if self.initial.get("party_b") in (None, "", DEFAULT_PARTY_B):
                self.initial["party_b"] = settings.PRESALES_COMPANY_NAME
            self.fields["draft_file"].help_text = _("Optional now; needed before submitting for contract review.")
        else:
            del self.fields["draft_file"]
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version

    def clean_draft_file(self):
        return check_upload(self.cleaned_data.get("draft_file"))

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("The amount cannot be negative."))
        AtMost(TOTAL_MAX, money=True)(amount)
        return amount


class FileForm(BootstrapFormMixin, forms.Form):
    id_prefix = "file"  # beside other forms on its page
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (ContractFileKind.DRAFT, ContractFileKind.DRAFT.label),
            (ContractFileKind.OTHER, ContractFileKind.OTHER.label),
        ],
    )
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        return check_upload(self.cleaned_data.get("file"))


class SignForm(BootstrapFormMixin, forms.Form):
    id_prefix = "sign"  # beside other forms on its page
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    file = forms.FileField(label=_("Signed contract (scan or PDF)"))

    def clean_file(self):
        return check_upload(self.cleaned_data.get("file"))


class CostForm(BootstrapFormMixin, forms.ModelForm):
    id_prefix = "cost"  # beside other forms on its page

    class Meta:
        model = ActualCost
        fields = ["category", "amount", "incurred_on", "description"]
        widgets = {"incurred_on": DateInput()}

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("The amount must be greater than zero."))
        AtMost(TOTAL_MAX, money=True)(amount)
        return amount
