from __future__ import annotations

from django import forms

from presales.accounts.models import LanguageChoice, User
from presales.lib.forms import BootstrapFormMixin


class LanguageForm(BootstrapFormMixin, forms.Form):
    """The choice only: the service changes the user (a ModelForm would set it first)."""

    language = forms.ChoiceField(
        label=User._meta.get_field("language").verbose_name, choices=LanguageChoice.choices, required=False
    )
