from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from presales.accounts.roles import COMMERCIAL_PEOPLE, SALES_PEOPLE
from presales.customers.models import Contact, Customer, CustomerStatus, Industry
from presales.lib.forms import BootstrapFormMixin, VersionField, use_people_picker


class CustomerForm(BootstrapFormMixin, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Customer
        fields = ["name", "short_name", "industry", "region", "size", "source", "status", "owner", "address", "notes"]
        widgets = {"notes": forms.Textarea}

    def __init__(self, *args, can_reassign: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if can_reassign:
            use_people_picker(self, "owner", roles=(*SALES_PEOPLE, *COMMERCIAL_PEOPLE))
        else:
            del self.fields["owner"]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.fields["notes"].widget.attrs["col"] = "col-12"


class ContactForm(BootstrapFormMixin, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Contact
        fields = ["name", "title", "phone", "email", "decision_role", "attitude", "concerns"]
        widgets = {"concerns": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerns"].widget.attrs["col"] = "col-12"
        self.fields["version"].initial = self.instance.version if self.instance.pk else None


class CustomerFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    industry = forms.ChoiceField(label=_("Industry"), required=False, choices=[("", _("All")), *Industry.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *CustomerStatus.choices])
    region = forms.CharField(label=_("Region"), required=False)
    mine = forms.BooleanField(label=_("Only mine"), required=False)
