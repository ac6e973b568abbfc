from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from presales.accounts.roles import PRESALES_PEOPLE, SALES_PEOPLE, TEAM_PEOPLE, has_role, is_manager
from presales.customers.access import customers_visible_to
from presales.customers.models import Contact
from presales.lib.bounds import TOTAL_MAX, AtMost, show
from presales.lib.forms import (
    TEXT_LONG,
    TEXT_SHORT,
    BootstrapFormMixin,
    DateInput,
    ModelMultipleChoiceField,
    PeoplePicker,
    VersionField,
    limit_length,
    use_people_picker,
)
from presales.lib.uploads import DOCUMENT_EXTENSIONS, check_upload
from presales.opportunities.models import (
    EDITABLE_FIELDS,
    Activity,
    DeliverableType,
    Opportunity,
    OpportunityStatus,
    TeamRole,
)
from presales.opportunities.services.activities import follow_up_error

User = get_user_model()


class OpportunityForm(BootstrapFormMixin, forms.ModelForm):
    """Header fields. `version` carries the copy the user opened (stale-edit check). Only
    managers choose the sales owner: a rep's new opportunity is his own."""

    version = VersionField()

    class Meta:
        model = Opportunity
        fields = EDITABLE_FIELDS
        widgets = {"expected_sign_date": DateInput, "description": forms.Textarea}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers_visible_to(user).order_by("name")
        if is_manager(user):
            use_people_picker(self, "sales_owner", roles=SALES_PEOPLE)
            self.fields["sales_owner"].required = bool(self.instance.pk)  # on creation, empty means "me"
            if not self.instance.pk and has_role(user, *SALES_PEOPLE):
                self.fields["sales_owner"].initial = user.pk  # a sales head's new opportunity: his own
        else:
            del self.fields["sales_owner"]
        use_people_picker(self, "presales_lead", roles=PRESALES_PEOPLE)
        self.fields["description"].widget.attrs["col"] = "col-12"
        self.fields["competitors"].widget.attrs["col"] = "col-12"
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.fields["competitors"].help_text = _("Separate names with 、 or commas")

    def clean(self):
        cleaned = super().clean()
        budget, amount = cleaned.get("budget"), cleaned.get("expected_amount")
        for name in ("budget", "expected_amount"):
            value = cleaned.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("Enter an amount of zero or more."))
            elif value is not None and value > TOTAL_MAX:  # presales.lib.bounds: like a quote's total
                self.add_error(name, AtMost.message % {"limit": show(TOTAL_MAX, money=True)})
        if budget and amount and amount > budget * 3:
            self.add_error("expected_amount", _("The expected amount is more than three times the budget: check it."))
        return cleaned


class AdvanceForm(forms.Form):
    to_stage = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class CloseForm(BootstrapFormMixin, forms.Form):
    id_prefix = "close"  # beside other forms on its page
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in OpportunityStatus.choices if c[0] != OpportunityStatus.ACTIVE],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, max_length=2000)
    winning_competitor = forms.CharField(label=_("Winning competitor"), required=False, max_length=100)


class ReopenForm(BootstrapFormMixin, forms.Form):
    id_prefix = "reopen"  # beside other forms on its page
    reason = forms.CharField(label=_("Reason"), max_length=500)


class DeliverableForm(BootstrapFormMixin, forms.Form):
    deliverable_type = forms.ModelChoiceField(label=_("Deliverable type"), queryset=DeliverableType.objects.none())
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    file = forms.FileField(label=_("File"), required=False)
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    note = forms.CharField(label=_("Record / note"), required=False, widget=forms.Textarea, max_length=TEXT_LONG)
    draft = forms.BooleanField(label=_("Save as draft (do not submit for approval yet)"), required=False)

    ALLOWED_EXTENSIONS = DOCUMENT_EXTENSIONS

    def __init__(self, *args, opportunity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliverable_type"].queryset = (
            DeliverableType.objects.filter(stage__template=opportunity.template, fulfilled_by="")
            .select_related("stage")
            .order_by("stage__order", "order")
        )
        self.fields["deliverable_type"].label_from_instance = lambda dt: f"{dt.stage.name} · {dt.name}"

    def clean_file(self):
        return check_upload(self.cleaned_data.get("file"))

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("file") or cleaned.get("link") or (cleaned.get("note") or "").strip()):
            if "file" not in self.errors:
                raise forms.ValidationError(_("Attach a file, give a link or write the record."))
        return cleaned


class DecisionForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)


class ContactChoiceField(ModelMultipleChoiceField):  # an id too large for the column is an invalid choice
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.title}）" if obj.title else obj.name


class ActivityForm(BootstrapFormMixin, forms.ModelForm):
    """An activity on the timeline. The contacts are the opportunity's customer's (a contact
    of another customer posted is refused as an invalid choice); the date is today by
    default, in the site's time zone; the next follow-up cannot be before the activity."""

    contacts = ContactChoiceField(
        label=_("Customer contacts"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    id_prefix = "activity"  # beside other forms on its page

    class Meta:
        model = Activity
        fields = [
            "kind",
            "occurred_on",
            "subject",
            "contacts",
            "people",
            "duration_minutes",
            "outcome",
            "next_step",
            "next_follow_up_on",
        ]
        widgets = {"occurred_on": DateInput, "next_follow_up_on": DateInput, "outcome": forms.Textarea}

    def __init__(self, *args, opportunity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = Contact.objects.filter(customer_id=opportunity.customer_id).order_by(
            "name", "id"
        )
        self.fields["contacts"].widget.attrs["col"] = "col-12"
        self.fields["contacts"].help_text = _("The contacts of the customer: add more on the customer's page")
        self.fields["occurred_on"].initial = timezone.localdate
        self.fields["outcome"].widget.attrs["col"] = "col-12"
        self.fields["next_step"].widget.attrs["col"] = "col-md-8"
        self.fields["next_follow_up_on"].widget.attrs["col"] = "col-md-4"
        self.fields["next_step"].help_text = _("What is to be done next, and by whom")
        self.fields["next_follow_up_on"].help_text = _("You are reminded on that day, in the app and by e-mail")
        limit_length(self.fields["outcome"], TEXT_SHORT)  # a note of a visit or call; activity_log checks it too

    def clean(self):
        cleaned = super().clean()
        error = follow_up_error(cleaned.get("occurred_on"), cleaned.get("next_follow_up_on"))
        if error:
            self.add_error("next_follow_up_on", error)
        return cleaned


class MemberForm(BootstrapFormMixin, forms.Form):
    id_prefix = "member"  # beside other forms on its page
    user = PeoplePicker.one(roles=TEAM_PEOPLE, label=_("Member"))
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices)
