from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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


class ProductLineForm(BootstrapFormMixin, forms.Form):
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
    note = forms.CharField(label=_("Reason of change"), widget=forms.Textarea, required=True)


class SubmitForm(forms.Form):
    purpose = forms.ChoiceField(choices=Purpose.choices)
    note = forms.CharField(required=False)
