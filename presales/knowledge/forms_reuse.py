"""Forms of success cases, competitor profiles, links and publishing. Choices are limited to
what the user may see (customers, opportunities, library documents); the services check again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.customers.models import Industry
from presales.knowledge.models_reuse import CASE_YEAR_MAX, CASE_YEAR_MIN, Competitor, SuccessCase
from presales.lib.forms import BootstrapFormMixin, ModelMultipleChoiceField, VersionField
from presales.lib.paging import SEARCH_MAX

DOCUMENT_CHOICES_MAX = 200  # documents offered in a case's or a profile's list (the most recent)


def _document_choices(user: User, instance, field: forms.ModelMultipleChoiceField) -> None:
    """The published documents the user reads, plus those already chosen that he reads."""
    from presales.knowledge.access import OPEN_STATUSES, documents_visible_to

    visible = documents_visible_to(user)
    recent = list(
        visible.filter(status__in=OPEN_STATUSES)
        .order_by("-updated_at", "-pk")
        .values_list("pk", flat=True)[:DOCUMENT_CHOICES_MAX]
    )
    chosen = list(instance.documents.values_list("pk", flat=True)) if instance and instance.pk else []
    field.queryset = visible.filter(pk__in=sorted({*recent, *chosen})).order_by("title")


class SuccessCaseForm(BootstrapFormMixin, forms.ModelForm):
    version = VersionField()
    products = ModelMultipleChoiceField(queryset=None, required=False, label=_("Products"))
    documents = ModelMultipleChoiceField(queryset=None, required=False, label=_("Documents"))

    class Meta:
        model = SuccessCase
        fields = [
            "title", "customer", "customer_name", "industry", "products", "scope", "amount", "year",
            "may_cite", "opportunity", "documents",
        ]  # fmt: skip
        widgets = {"scope": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        from presales.catalog.models import Product
        from presales.customers.access import customers_visible_to
        from presales.opportunities.access import opportunities_visible_to
        from presales.opportunities.models import OpportunityStatus

        self.fields["customer"].queryset = customers_visible_to(user).order_by("name")
        self.fields["opportunity"].queryset = (
            opportunities_visible_to(user).filter(status=OpportunityStatus.WON).order_by("-closed_at", "-pk")
        )
        self.fields["opportunity"].help_text = _("The won opportunity this case comes from, if any.")
        self.fields["products"].queryset = Product.objects.order_by("model_code")
        self.fields["year"].widget.attrs.update({"min": CASE_YEAR_MIN, "max": CASE_YEAR_MAX})
        _document_choices(user, self.instance, self.fields["documents"])
        # A case's customer or opportunity the editor may not see is kept as it is: its field
        # is left out (an empty choice would clear it, a listed one would show its name).
        for name in ("customer", "opportunity"):
            current = getattr(self.instance, f"{name}_id")
            if current and not self.fields[name].queryset.filter(pk=current).exists():
                del self.fields[name]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["products"].initial = list(self.instance.products.all())
            self.fields["documents"].initial = list(
                self.fields["documents"].queryset.filter(success_cases=self.instance)
            )

    def clean(self):
        data = super().clean()
        kept_customer = "customer" not in self.fields and self.instance.customer_id
        if not data.get("customer") and not data.get("customer_name") and not kept_customer:
            self.add_error("customer_name", _("Choose the customer or write its name."))
        return data


class CompetitorForm(BootstrapFormMixin, forms.ModelForm):
    version = VersionField()
    documents = ModelMultipleChoiceField(queryset=None, required=False, label=_("Documents"))

    class Meta:
        model = Competitor
        fields = ["name", "aliases", "products", "strengths", "weaknesses", "typical_prices", "documents"]
        widgets = {
            "products": forms.Textarea(attrs={"rows": 2}),
            "strengths": forms.Textarea(attrs={"rows": 3}),
            "weaknesses": forms.Textarea(attrs={"rows": 3}),
            "typical_prices": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _document_choices(user, self.instance, self.fields["documents"])
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            documents = self.fields["documents"].queryset
            self.fields["documents"].initial = list(documents.filter(competitors=self.instance))

    def validate_unique(self):
        """The service says which profile already has the name (as a name or an alias)."""


class CaseFilterForm(forms.Form):
    """The list's filters, read leniently: a crafted value is ignored, never an error page."""

    q = forms.CharField(required=False, max_length=SEARCH_MAX, strip=True)
    industry = forms.ChoiceField(required=False, choices=[("", "")] + list(Industry.choices))
    product = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    year = forms.IntegerField(required=False, min_value=CASE_YEAR_MIN, max_value=CASE_YEAR_MAX)
    may_cite = forms.BooleanField(required=False)

    def filters(self) -> dict:
        if self.is_valid():
            return self.cleaned_data
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}


class LinkForm(forms.Form):
    target_type = forms.ChoiceField(choices=[("opportunity", ""), ("solution", ""), ("quote", "")])
    target_id = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    document = forms.IntegerField(min_value=1, max_value=2**63 - 1, label=_("Library document"))
    note = forms.CharField(required=False, max_length=200, label=_("Note"))


class PublishForm(forms.Form):
    source_type = forms.ChoiceField(choices=[("deliverable", ""), ("solution_version", "")])
    source_id = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    folder = forms.IntegerField(min_value=1, max_value=2**63 - 1, label=_("Folder"))
