"""The forms of the deviation table. Each refusal of a service comes back on its form with
what was typed (presales.lib.views.save_form_through)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from presales.catalog.models import Product
from presales.lib.forms import TEXT_LONG, TEXT_SHORT, BootstrapFormMixin, ModelMultipleChoiceField, VersionField
from presales.lib.uploads import check_upload
from presales.responses.models import MAX_PRODUCTS, SPEC_EXTENSIONS, ClauseStatus, Deviation

ACCEPT = ",".join(f".{ext}" for ext in sorted(SPEC_EXTENSIONS))


def _products_field() -> ModelMultipleChoiceField:
    return ModelMultipleChoiceField(
        queryset=Product.objects.order_by("model_code"),
        required=False,
        label=_("Products offered"),
        help_text=_("The bidder's guaranteed values (投标人保证值) are filled from their catalog parameters."),
    )


class SpecUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Specification or response table"),
        help_text=_("A Word (.docx) or Excel (.xlsx) file: the technical specification, or the buyer's own table."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    products = _products_field()

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], allowed=SPEC_EXTENSIONS)

    def clean_products(self):
        products = self.cleaned_data["products"]
        if len(products) > MAX_PRODUCTS:
            raise forms.ValidationError(_("At most %(max)d products per bid.") % {"max": MAX_PRODUCTS})
        return products


class ProductsForm(BootstrapFormMixin, forms.Form):
    id_prefix = "products"
    products = _products_field()


class AnswerForm(BootstrapFormMixin, forms.Form):
    response = forms.CharField(label=_("Response"), widget=forms.Textarea, required=False, max_length=TEXT_LONG)
    deviation = forms.ChoiceField(label=_("Deviation"), choices=Deviation.choices)
    deviation_note = forms.CharField(
        label=_("Deviation note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=TEXT_SHORT
    )
    guarantee = forms.CharField(label=_("Bidder's guaranteed value"), required=False, max_length=200)
    save_to_library = forms.BooleanField(label=_("Save to the answer library as a draft"), required=False)
    version = VersionField()


class AcceptForm(forms.Form):
    choice = forms.IntegerField(min_value=0, max_value=9, required=False)
    version = VersionField()


class ClauseEditForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(label=_("Clause number"), required=False, max_length=40)
    text = forms.CharField(label=_("Requirement"), widget=forms.Textarea, max_length=TEXT_LONG)
    star = forms.BooleanField(label=_("★ substantive"), required=False)
    triangle = forms.BooleanField(label=_("▲ important"), required=False)
    version = VersionField()


class SplitForm(BootstrapFormMixin, forms.Form):
    parts = forms.CharField(
        label=_("Parts"),
        help_text=_("One requirement per line."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_LONG,
    )
    version = VersionField()

    def clean_parts(self):
        return [line for line in self.cleaned_data["parts"].splitlines() if line.strip()]


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All"))] + list(ClauseStatus.choices), required=False)
    assignee = forms.TypedChoiceField(label=_("Assigned to"), coerce=int, required=False, empty_value=None)
    star = forms.BooleanField(label=_("★ only"), required=False)

    def __init__(self, *args, assignees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Anyone"))] + [(u.pk, u.display_name) for u in assignees]
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-select form-select-sm"
            field.widget.attrs["class"] = css
