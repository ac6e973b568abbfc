from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from presales.catalog import configurator
from presales.catalog.forms import code_value_field, required_current_field
from presales.lib.bounds import QUANTITY_MAX, AtMost
from presales.lib.forms import BootstrapFormMixin, VersionField
from presales.quotes.models import Purpose, QuoteLine


class QuoteForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)


class LineForm(BootstrapFormMixin, forms.ModelForm):
    """A free-text line or the edit of any line. Cost fields only for those who see cost. The
    bounds of the numbers are the model's validators (presales.lib.bounds), checked here by
    the model form and again by the service."""

    section_name = forms.CharField(label=_("Section"), max_length=100, required=False)
    version = VersionField()

    class Meta:
        model = QuoteLine
        fields = [
            "model_code",
            "name",
            "spec",
            "unit",
            "quantity",
            "unit_price",
            "discount_percent",
            "tax_rate",
            "unit_cost",
            "channel_price",
            "note",
        ]

    def __init__(self, *args, show_cost: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_cost:
            del self.fields["unit_cost"]
            del self.fields["channel_price"]
        if self.instance.pk and self.instance.section_id:
            self.fields["section_name"].initial = self.instance.section.name
        self.fields["section_name"].widget.attrs["list"] = "quote-sections"
        self.fields["version"].widget.attrs["data-quote-version"] = ""  # kept current by js/quotes.js


class ProductLineForm(BootstrapFormMixin, forms.Form):
    id_prefix = "product-line"  # beside other forms on its page
    product = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        max_digits=14,
        decimal_places=3,
        min_value=0.001,
        validators=[AtMost(QUANTITY_MAX)],
        initial=1,
    )
    section_name = forms.CharField(label=_("Section"), max_length=100, required=False)
    version = VersionField()


class NewVersionForm(BootstrapFormMixin, forms.Form):
    id_prefix = "new-version"  # beside other forms on its page
    note = forms.CharField(label=_("Reason of change"), widget=forms.Textarea, required=True)


class SubmitForm(forms.Form):
    purpose = forms.ChoiceField(choices=Purpose.choices)
    note = forms.CharField(required=False)


class AddConfigurationForm(BootstrapFormMixin, forms.Form):
    """The configurator's "add to a quote": the values of a system rule's model code and the
    required current, as the configurator page posts them (`value_<key>`, `required_current`).
    Each value is checked against its field and the current against its bounds, as the
    configurator checks them, and the configuration is built here: a value or current it
    refuses is an error on the form, shown with what was posted, and the quote service only
    ever gets a configuration that was built (`cleaned_data["configuration"]`)."""

    id_prefix = "configuration"  # beside other forms on its page

    required_current = required_current_field()

    def __init__(self, *args, system_rule, **kwargs):
        super().__init__(*args, **kwargs)
        self.system_rule = system_rule
        self.value_fields = []
        for spec in configurator.rule_fields(system_rule.code_rule):
            name = f"value_{spec.key}"
            self.add_field(name, code_value_field(spec, required=True, rule=system_rule.code_rule))
            self.value_fields.append((spec.key, name))
        self.order_fields([name for _key, name in self.value_fields])  # the current after the values

    def clean_required_current(self):
        current = self.cleaned_data.get("required_current")
        if current is not None and current <= 0:
            raise forms.ValidationError(_("The required output current must be greater than zero."))
        return current

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        values = {key: cleaned[name] for key, name in self.value_fields}
        try:
            cleaned["configuration"] = configurator.configure(
                self.system_rule, values, required_current=cleaned.get("required_current")
            )
        except configurator.CodeError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return cleaned
