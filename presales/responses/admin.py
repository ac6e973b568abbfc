"""The technical-bid templates are admin data: an admin uploads the company's Word template
(docxtpl fields as in the built-in one, presales.responses.specs.techbid)."""

from django import forms
from django.contrib import admin

from presales.lib.uploads import check_upload
from presales.responses.models import TechnicalBidTemplate


class TechnicalBidTemplateForm(forms.ModelForm):
    class Meta:
        model = TechnicalBidTemplate
        fields = ["name", "file", "company", "is_active"]

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], allowed=frozenset({"docx"}))


@admin.register(TechnicalBidTemplate)
class TechnicalBidTemplateAdmin(admin.ModelAdmin):
    form = TechnicalBidTemplateForm
    list_display = ["name", "company", "is_active", "created_at"]
    list_filter = ["is_active"]
