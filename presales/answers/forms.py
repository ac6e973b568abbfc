"""The answer library's forms (BootstrapFormMixin; every text bounded)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from presales.answers.models import REVIEW_INTERVAL_MAX, AnswerCategory, AnswerEntry, Deviation
from presales.answers.services.entries import MAX_TAGS, TAG_MAX_CHARS
from presales.catalog.models import Product
from presales.lib.forms import TEXT_LONG, TEXT_SHORT, BootstrapFormMixin, ModelMultipleChoiceField, VersionField

TAGS_MAX_CHARS = MAX_TAGS * (TAG_MAX_CHARS + 1)


def split_tags(value: str) -> list[str]:
    return [p.strip() for p in value.replace("，", ",").replace("、", ",").split(",") if p.strip()]


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.parent.name} > {obj.name}" if obj.parent_id else obj.name


class EntryForm(BootstrapFormMixin, forms.Form):
    category = CategoryChoiceField(
        label=_("Category"), queryset=AnswerCategory.objects.select_related("parent"), empty_label="—"
    )
    requirement = forms.CharField(
        label=_("Requirement"), max_length=TEXT_SHORT, widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"})
    )
    answer = forms.CharField(
        label=_("Standard answer"), max_length=TEXT_LONG, widget=forms.Textarea(attrs={"rows": 5, "col": "col-12"})
    )
    deviation = forms.ChoiceField(label=_("Deviation"), choices=Deviation.choices, initial=Deviation.NONE)
    deviation_note = forms.CharField(
        label=_("Deviation note"), required=False, max_length=TEXT_SHORT, widget=forms.Textarea(attrs={"rows": 2})
    )
    products = ModelMultipleChoiceField(
        queryset=Product.objects.order_by("model_code"), required=False, label=_("Products")
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=TAGS_MAX_CHARS,
        help_text=_("Separated by commas, at most %(max)d.") % {"max": MAX_TAGS},
    )
    review_interval_months = forms.IntegerField(
        label=_("Review every (months)"),
        min_value=0,
        max_value=REVIEW_INTERVAL_MAX,
        initial=12,
        help_text=_("0: the answer is never due for review."),
    )
    note = forms.CharField(
        label=_("Note for the approver"),
        required=False,
        max_length=TEXT_SHORT,
        help_text=_("Changes to an approved answer go to the category's owner for approval."),
    )
    version = VersionField()

    def __init__(self, *args, entry: AnswerEntry | None = None, **kwargs):
        if entry is not None:
            kwargs.setdefault(
                "initial",
                {
                    "category": entry.category_id,
                    "requirement": entry.requirement,
                    "answer": entry.answer,
                    "deviation": entry.deviation,
                    "deviation_note": entry.deviation_note,
                    "products": list(entry.products.values_list("pk", flat=True)),
                    "tags": ", ".join(entry.tags.values_list("name", flat=True)),
                    "review_interval_months": entry.review_interval_months,
                    "version": entry.version,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["products"].label_from_instance = lambda p: f"{p.model_code} {p.name}"
        if entry is None or entry.status != "approved":
            del self.fields["note"]
        if entry is None:
            del self.fields["version"]

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["tags"] = split_tags(data.get("tags") or "")
        data.pop("version", None)
        data.pop("note", None)
        return data


class WordingForm(BootstrapFormMixin, forms.Form):
    id_prefix = "wording"
    text = forms.CharField(label=_("Another wording"), max_length=TEXT_SHORT, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=TEXT_SHORT)
