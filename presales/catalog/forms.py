from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from presales.catalog import configurator
from presales.catalog.models import (
    LEAD_TIME_VALIDATORS,
    PRICE_VALIDATORS,
    PRODUCT_FORM_FIELDS,
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
        self.choices = [("", self.empty_label or "")] + [
            (node.category.pk, "\u3000" * node.depth + node.category.name) for node in tree
        ]


class ProductFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    category = CategoryChoiceField(label=_("Category"), required=False, empty_label=_("All"))
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
        fields = PRODUCT_FORM_FIELDS

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


def required_current_field() -> forms.DecimalField:
    """The required output current of a configuration: the configurator's and the quote's."""
    return forms.DecimalField(
        label=_("Required output current (A)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        validators=[AtMost(CURRENT_MAX)],
        help_text=_("Empty: the current of the model code."),
    )


def code_value_field(spec: configurator.FieldSpec, *, required: bool = False, rule=None) -> forms.Field:
    """The field of one value of a model code: a choice of its allowed values when they are a
    short list, else a text box. Given the `rule`, a value it does not allow is refused with
    the configurator's reason (configurator.value_error)."""
    label = f"{spec.label} ({spec.unit})" if spec.unit else spec.label
    check = (lambda value: configurator.value_error(rule, spec, value)) if rule is not None else None
    choices = spec.allowed.choices()
    if choices is not None:
        return CodeValueChoiceField(
            label=label, required=required, choices=[("", "---------")] + [(c, c) for c in choices], check=check
        )
    field = forms.CharField(label=label, required=required, max_length=20)
    if check is not None:

        def allowed(value):
            if error := check(value):
                raise forms.ValidationError(error, code="not_allowed")

        field.validators.append(allowed)
    return field


class CodeValueChoiceField(forms.ChoiceField):
    """A choice of a code field's values that, given `check`, refuses a value outside them
    with the configurator's reason (which names the allowed ones) instead of Django's
    "Select a valid choice"."""

    def __init__(self, *, check=None, **kwargs):
        super().__init__(**kwargs)
        self.check = check

    def validate(self, value):
        if value and self.check is not None and (error := self.check(value)):
            raise forms.ValidationError(error, code="not_allowed")
        super().validate(value)


class ConfiguratorForm(BootstrapFormMixin, forms.Form):
    """Pick a system rule and its field values, or type a model code to parse.

    A typed code is resolved here: it chooses its system rule (the one picked, else the first
    whose model-code rule it fits) and fills in the rule's fields, the code box then emptied —
    the page shows the fields as if they had been chosen. A valid form with values (or the
    current's field posted, even empty) is configured: `configuration`, or `problems` saying
    why not (a code that fits no rule, a value not allowed), shown above the result rather
    than on a field."""

    system_rule = forms.ModelChoiceField(
        label=_("System"), queryset=None, required=False, empty_label=_("Choose a system")
    )
    code = forms.CharField(
        label=_("Model code"), required=False, max_length=60, help_text=_("E.g. IMPS48/150: fills in the fields.")
    )
    required_current = required_current_field()

    def __init__(self, data=None, *, rules, **kwargs):
        self.rules = list(rules)
        self.problems: list[str] = []
        self.configuration: configurator.Configuration | None = None
        self.selected = None
        if data is not None:
            data = data.copy()
            self.selected = self._resolve(data)
        super().__init__(data, **kwargs)
        self.fields["system_rule"].queryset = rules
        self.fields["system_rule"].choices = [("", self.fields["system_rule"].empty_label)] + [
            (rule.pk, f"{rule.name} — {rule.code_rule.pattern_in_words}") for rule in self.rules
        ]
        self.code_fields = []
        if self.selected is not None:
            for spec in configurator.rule_fields(self.selected.code_rule):
                name = f"f_{spec.key}"
                self.add_field(name, code_value_field(spec))
                self.code_fields.append((spec.key, name))

    def _resolve(self, data):
        """The chosen system rule; a typed code's values written into `data` as its fields."""
        wanted = data.get("system_rule", "")
        selected = next((r for r in self.rules if str(r.pk) == wanted), None)
        code = (data.get("code") or "").strip()
        if not code:
            return selected
        try:
            if selected is not None:
                values = configurator.parse_code(selected.code_rule, code)
            else:
                code_rule, values = configurator.parse_any(code)
                selected = next((r for r in self.rules if r.code_rule_id == code_rule.pk), None)
                if selected is None:
                    raise configurator.CodeError(
                        _("No system configuration rule exists for %(family)s yet.") % {"family": code_rule.family}
                    )
        except configurator.CodeError as exc:
            self.problems += exc.messages
            return selected
        data["system_rule"] = str(selected.pk)
        data["code"] = ""
        for key, value in values.items():
            data[f"f_{key}"] = value
        return selected

    def clean(self):
        cleaned = super().clean()
        if self.selected is None or self.problems or self.errors:
            return cleaned
        values = self.field_values()
        if any(values.values()) or f"f_{self.selected.current_field}" in self.data:
            try:
                self.configuration = configurator.configure(self.selected, values, cleaned.get("required_current"))
            except configurator.CodeError as exc:
                self.problems += exc.messages
        return cleaned

    def field_values(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(name) or "" for key, name in self.code_fields}
