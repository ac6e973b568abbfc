from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from presales.lib.bounds import HOURS_MAX, AtMost
from presales.lib.forms import (
    TEXT_LONG,
    TEXT_SHORT,
    BootstrapFormMixin,
    DateInput,
    PeoplePicker,
    VersionField,
    id_from,
    person_label,
)
from presales.lib.uploads import DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS, check_upload
from presales.service_requests.models import (
    REQUEST_EDIT_FIELDS,
    REQUIREMENTS_FIELDS,
    SURVEY_FIELDS,
    CustomFormField,
    FieldType,
    Priority,
    RequestStatus,
    RequestType,
    RequirementsForm,
    ServiceRequest,
    SiteSurvey,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each checked with check_upload."""

    def __init__(self, *args, allowed=DOCUMENT_EXTENSIONS, **kwargs):
        self.allowed = allowed
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]
        return [check_upload(upload, self.allowed) for upload in cleaned if upload]


class RequestForm(BootstrapFormMixin, forms.ModelForm):
    """File or edit a request. On create the opportunity/customer choice is limited to what the
    user sees; on edit they are fixed."""

    files = MultipleFileField(label=_("Attachments"))
    version = VersionField()

    class Meta:
        model = ServiceRequest
        fields = ["opportunity", "customer", *REQUEST_EDIT_FIELDS]
        widgets = {"wanted_by": DateInput(), "content": forms.Textarea(attrs={"rows": 5, "col": "col-12"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from presales.customers.access import customers_visible_to
        from presales.opportunities.access import opportunities_visible_to

        if self.instance.pk:
            del self.fields["opportunity"], self.fields["customer"], self.fields["files"]
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
            self.fields["opportunity"].queryset = (
                opportunities_visible_to(user).active().select_related("customer").order_by("code")
            )
            self.fields["opportunity"].help_text = _("The customer is taken from the opportunity.")
            self.fields["customer"].queryset = customers_visible_to(user).order_by("name")
            self.fields["customer"].required = False
            self.fields["files"].help_text = _("Tender documents, drawings, customer material (several allowed)")
        self.fields["content"].widget.attrs["col"] = "col-12"

    def clean_wanted_by(self):
        wanted_by = self.cleaned_data.get("wanted_by")
        if wanted_by and wanted_by < timezone.localdate() and not self.instance.pk:
            raise forms.ValidationError(_("The wanted-by date is in the past."))
        return wanted_by

    def clean(self):
        cleaned = super().clean()
        if "opportunity" in self.fields:
            opportunity, customer = cleaned.get("opportunity"), cleaned.get("customer")
            if opportunity is None and customer is None:
                self.add_error("customer", _("Choose the customer or the opportunity the request is for."))
            if opportunity is not None and customer is not None and opportunity.customer_id != customer.pk:
                self.add_error("customer", _("The opportunity belongs to another customer."))
            if opportunity is not None:
                cleaned["customer"] = opportunity.customer
        return cleaned


class AssignForm(BootstrapFormMixin, forms.Form):
    """An assignment: engineer, estimate, due date, survey needed (the request page's form;
    BulkAssignForm is the dispatch page's one form for the requests ticked)."""

    # The picker of the engineers read once by the view (assignable_engineers): the detail
    # page's form and the dispatch page's one form (BulkAssignForm).
    engineer = forms.TypedChoiceField(label=_("Engineer"), coerce=int, widget=forms.Select(attrs=PeoplePicker.attrs()))
    estimated_hours = forms.DecimalField(
        label=_("Estimated hours"),
        max_digits=6,
        decimal_places=1,
        min_value=0.5,
        validators=[AtMost(HOURS_MAX)],  # presales.lib.bounds
        required=False,
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput(), required=False)
    survey_needed = forms.TypedChoiceField(
        label=_("Site survey needed"),
        choices=[
            ("", _("Decide later")),
            ("yes", _("Yes: the engineer surveys the site")),
            ("no", _("No: sales fills the requirements form")),
        ],  # fmt: skip
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, engineers, request_obj=None, **kwargs):
        """`engineers`: a list of users already read (one query for every form on the page)."""
        super().__init__(*args, **kwargs)
        self.engineers = {user.pk: user for user in engineers}
        self.fields["engineer"].choices = [("", "—")] + [(u.pk, person_label(u)) for u in engineers]
        if request_obj is not None:
            self.prefix = f"r{request_obj.pk}"
            self.fields["due_date"].initial = request_obj.due_date or request_obj.wanted_by
            if request_obj.estimated_hours:
                self.fields["estimated_hours"].initial = request_obj.estimated_hours
            if request_obj.survey_needed is not None:
                self.fields["survey_needed"].initial = "yes" if request_obj.survey_needed else "no"
            if request_obj.assignee_id:
                self.fields["engineer"].initial = request_obj.assignee_id

    def clean_engineer(self):
        pk = self.cleaned_data["engineer"]
        if pk not in self.engineers:
            raise forms.ValidationError(_("Choose a presales engineer."))
        return self.engineers[pk]


# The most requests one dispatch form assigns at once: both lists' pages ticked (2 × 25) and
# more, but not a crafted post of thousands of ids.
BULK_ASSIGN_MAX = 100


class BulkAssignForm(AssignForm):
    """The dispatch page's one form: the requests ticked in its lists (`requests`) and one
    engineer, estimate, due date and survey decision for them all; what is left empty keeps
    each request's own value (services.requests_bulk_assign)."""

    id_prefix = "assign"
    requests = forms.Field(widget=forms.MultipleHiddenInput, required=False)

    def __init__(self, *args, engineers, **kwargs):
        super().__init__(*args, engineers=engineers, **kwargs)
        self.fields["engineer"].error_messages["required"] = _("Choose the engineer.")

    def clean_requests(self) -> list[int]:
        values = self.cleaned_data.get("requests") or []
        if isinstance(values, str):
            values = [values]
        if len(values) > BULK_ASSIGN_MAX:
            raise forms.ValidationError(_("Choose at most %(max)d requests at a time.") % {"max": BULK_ASSIGN_MAX})
        ids = list(dict.fromkeys(number for number in map(id_from, values) if number is not None))
        if not ids:
            raise forms.ValidationError(_("Tick the requests to assign first."))
        return ids

    @property
    def ticked(self) -> set[int]:
        """The requests ticked when the form comes back refused, to tick them again."""
        if not self.is_bound:
            return set()
        return {number for number in map(id_from, self.data.getlist("requests")[:BULK_ASSIGN_MAX]) if number}


class DispatchFilterForm(forms.Form):
    """The dispatch page's filters, for both of its lists."""

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Code, title or customer")}),
    )
    request_type = forms.ChoiceField(
        label=_("Request type"), choices=[("", _("All"))] + RequestType.choices, required=False
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=[("", _("All"))] + Priority.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            text = isinstance(field.widget, forms.TextInput)
            field.widget.attrs["class"] = "form-control form-control-sm" if text else "form-select form-select-sm"


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=TEXT_SHORT, widget=forms.Textarea(attrs={"rows": 2, "col": "col-12"})
    )


class CloseForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 2, "col": "col-12"}),
        required=False,
    )


class DeliverForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Delivery note"), max_length=TEXT_LONG, widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"}),
        help_text=_("What was done and delivered"),
    )  # fmt: skip
    files = MultipleFileField(label=_("Delivered files"))


class SurveyDecisionForm(forms.Form):
    survey_needed = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda value: value == "yes"
    )


class AttachmentForm(BootstrapFormMixin, forms.Form):
    files = MultipleFileField(label=_("Files"), required=True)


class ExtraFieldsMixin:
    """Adds the admin-defined CustomFormField rows of `form_name` as form fields `x_<key>`
    (with the record's `version`, for the stale-edit check); `extra_values()` gives them back
    as a dict for the `extra` JSON."""

    form_name = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_extra_fields(self.instance.extra if self.instance.pk else {})
        self.add_version_field()
        # BootstrapFormMixin styled the fields present at its __init__; style the added ones too.
        for name, field in self.fields.items():
            if name.startswith("x_"):
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = css

    def add_version_field(self) -> None:
        """The version of the record opened (0 before it exists), for the stale-edit check."""
        self.fields["version"] = VersionField()
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0

    def add_extra_fields(self, values: dict) -> None:
        self.custom_fields = list(
            CustomFormField.objects.filter(form=self.form_name, active=True).order_by("order", "id")
        )
        for custom in self.custom_fields:
            name = f"x_{custom.key}"
            kwargs = {"label": custom.label, "required": custom.required, "help_text": custom.help_text}
            if custom.field_type == FieldType.TEXTAREA:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LONG, **kwargs)
            elif custom.field_type == FieldType.NUMBER:
                # 12 digits before the point, 6 after: 1e400 or 1e-999 is refused, not stored.
                field = forms.DecimalField(max_digits=18, decimal_places=6, **kwargs)
            elif custom.field_type == FieldType.DATE:
                field = forms.DateField(widget=DateInput(), **kwargs)
            elif custom.field_type == FieldType.CHOICE:
                field = forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in custom.choice_list()], **kwargs)
            else:
                field = forms.CharField(max_length=500, **kwargs)
            self.fields[name] = field
            if custom.key in (values or {}):
                field.initial = values[custom.key]

    def extra_values(self) -> dict:
        values = {}
        for custom in self.custom_fields:
            value = self.cleaned_data.get(f"x_{custom.key}")
            if value is None:
                value = ""
            values[custom.key] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return values

    def model_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if not k.startswith("x_") and k not in ("files", "version")}


class SurveyForm(ExtraFieldsMixin, BootstrapFormMixin, forms.ModelForm):
    form_name = "survey"
    files = MultipleFileField(label=_("Photos and files"), allowed=DOCUMENT_EXTENSIONS | IMAGE_EXTENSIONS)

    class Meta:
        model = SiteSurvey
        fields = SURVEY_FIELDS
        widgets = {"surveyed_on": DateInput()}


class RequirementsFormForm(ExtraFieldsMixin, BootstrapFormMixin, forms.ModelForm):
    form_name = "requirements"

    class Meta:
        model = RequirementsForm
        fields = REQUIREMENTS_FIELDS


class RequestFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Code, title or customer")}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All"))] + RequestStatus.choices, required=False)
    request_type = forms.ChoiceField(
        label=_("Request type"), choices=[("", _("All"))] + RequestType.choices, required=False
    )
    scope = forms.ChoiceField(
        label=_("Whose"),
        choices=[("", _("All I can see")), ("mine", _("Filed by me")), ("assigned", _("Assigned to me"))],
        required=False,
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(field.widget, forms.TextInput):
                css = "form-control form-control-sm"
            else:
                css = "form-select form-select-sm"
            field.widget.attrs["class"] = css
