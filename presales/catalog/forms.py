from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from presales.catalog import configurator
from presales.catalog.models import (
    LEAD_TIME_VALIDATORS,
    PRICE_VALIDATORS,
    Product,
    ProductCategory,
    ProductStatus,
)
from presales.catalog.selectors import category_tree
from presales.catalog.services import parse_params_text
from presales.lib.bounds import CURRENT_MAX, AtMost
from presales.lib.forms import BootstrapFormMixin, DateInput, VersionField
from presales.lib.uploads import check_upload


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories indented by depth, in tree order."""

    def __init__(self, **kwargs):
        super().__init__(queryset=ProductCategory.objects.all(), **kwargs)

    def set_tree(self, tree) -> None:
        self.choices = [("", "---------")] + [
            (node.category.pk, "\u3000" * node.depth + node.category.name) for node in tree
        ]


class ProductFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    category = CategoryChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + ProductStatus.choices)

    def __init__(self, *args, tree=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].set_tree(category_tree() if tree is None else tree)


class ProductForm(BootstrapFormMixin, forms.ModelForm):
    category = CategoryChoiceField(label=_("Category"))
    params_text = forms.CharField(
        label=_("Spec parameters"),
        required=False,
        widget=forms.Textarea,
        help_text=_("One per line: key or label = value, e.g. voltage=48."),
    )
    version = VersionField()

    class Meta:
        model = Product
        fields = [
            "category",
            "model_code",
            "name",
            "unit",
            "list_price",
            "standard_cost",
            "channel_price",
            "lead_time_days",
            "status",
            "description",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].set_tree(category_tree())
        # The model's bounds, which the skipped model validation would have checked.
        for name in ("list_price", "standard_cost", "channel_price"):
            self.fields[name].validators += PRICE_VALIDATORS
        self.fields["lead_time_days"].validators += LEAD_TIME_VALIDATORS
        if self.instance.pk:
            self.fields["params_text"].initial = "\n".join(
                f"{key}={value}" for key, value in (self.instance.params or {}).items()
            )
            self.fields["version"].initial = self.instance.version
        self.fields["category"].initial = self.instance.category_id if self.instance.pk else None

    def clean_params_text(self):
        raw, errors = parse_params_text(self.cleaned_data.get("params_text", ""))
        if errors:
            raise forms.ValidationError(errors)
        return raw

    def _post_clean(self):
        # Uniqueness and params are the service's job; skip the model validation of ModelForm.
        pass

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["params"] = self.cleaned_data.get("params_text") or {}
        return data


class DatasheetForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        return check_upload(self.cleaned_data.get("file"))


class PriceForm(BootstrapFormMixin, forms.Form):
    price = forms.DecimalField(label=_("Price"), max_digits=14, decimal_places=2, validators=PRICE_VALIDATORS)
    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput)
    source = forms.CharField(label=_("Source / note"), required=False, max_length=200)


class ConfiguratorForm(BootstrapFormMixin, forms.Form):
    """Pick a system rule and its field values, or type a model code to parse."""

    system_rule = forms.ModelChoiceField(label=_("System"), queryset=None, required=False)
    code = forms.CharField(
        label=_("Model code"), required=False, max_length=60, help_text=_("E.g. IMPS48/150: fills in the fields.")
    )
    required_current = forms.DecimalField(
        label=_("Required output current (A)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        validators=[AtMost(CURRENT_MAX)],
        help_text=_("Empty: the current of the model code."),
    )

    def __init__(self, *args, rules, selected=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.fields["system_rule"].queryset = rules
        self.fields["system_rule"].choices = [("", "---------")] + [
            (rule.pk, f"{rule.name} — {rule.code_rule.pattern}") for rule in rules
        ]
        self.code_fields = []
        if selected is not None:
            for spec in configurator.rule_fields(selected.code_rule):
                name = f"f_{spec.key}"
                label = f"{spec.label} ({spec.unit})" if spec.unit else spec.label
                choices = spec.allowed.choices()
                if choices is not None:
                    field = forms.ChoiceField(
                        label=label, required=False, choices=[("", "---------")] + [(c, c) for c in choices]
                    )
                else:
                    field = forms.CharField(label=label, required=False, max_length=20)
                self.fields[name] = field
                self.code_fields.append((spec.key, name))
        for _key, name in self.code_fields:  # added after the mixin styled the others
            widget = self.fields[name].widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def field_values(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(name) or "" for key, name in self.code_fields}
