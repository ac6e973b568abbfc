"""The shared form pieces that refuse crafted input (issue 8): ids that are no number, do not
fit the column (SQLite raised OverflowError, PostgreSQL DataError: a 500), negative, empty,
repeated; and the fallback limit of free text."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth import get_user_model

from presales.lib.forms import (
    MAX_ID,
    TEXT_LONG,
    BootstrapFormMixin,
    ModelMultipleChoiceField,
    VersionField,
    id_from,
)

CRAFTED = ["99999999999999999999", str(MAX_ID + 1), "-1", "abc", "1.5", "", "²", "1e3", "9" * 5000]


@pytest.mark.parametrize("value", CRAFTED)
def test_multiple_choice_refuses_a_crafted_id_as_a_form_error(rep, value):
    field = ModelMultipleChoiceField(queryset=get_user_model().objects.all())
    with pytest.raises(forms.ValidationError):
        field.clean([str(rep.pk), value])


def test_multiple_choice_takes_repeated_ids_once(rep, other_rep):
    field = ModelMultipleChoiceField(queryset=get_user_model().objects.all())
    assert set(field.clean([str(rep.pk), str(rep.pk), str(other_rep.pk)])) == {rep, other_rep}


def test_the_largest_id_a_column_holds_is_merely_unknown(rep):
    field = ModelMultipleChoiceField(queryset=get_user_model().objects.all())
    with pytest.raises(forms.ValidationError) as exc:
        field.clean([str(MAX_ID)])
    assert exc.value.code == "invalid_choice"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("0", None), ("-3", None), ("", None),
     ("abc", None), ("²", None), ("١٢", None), (" 12", None), ("1_000", None), (None, None), (["12"], None)],
)  # fmt: skip
def test_id_from(value, expected):
    assert id_from(value) == expected


def test_version_field_keeps_what_was_posted_for_the_service_to_judge():
    class Form(forms.Form):
        version = VersionField()

    assert Form({"version": "3"}).is_valid()
    crafted = Form({"version": "abc"})
    assert crafted.is_valid() and crafted.cleaned_data["version"] == "abc"  # check_version says why
    empty = Form({})
    assert empty.is_valid() and empty.cleaned_data["version"] is None


def test_free_text_without_a_limit_gets_the_long_one():
    class Form(BootstrapFormMixin, forms.Form):
        note = forms.CharField(widget=forms.Textarea)
        title = forms.CharField(max_length=80)

    form = Form({"note": "x" * (TEXT_LONG + 1), "title": "t"})
    assert not form.is_valid() and list(form.errors) == ["note"]
    assert Form().fields["title"].max_length == 80


class _UploadForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(max_length=10)
    file = forms.FileField(label="附件", required=False)


def test_a_refused_form_names_the_files_to_choose_again():
    from django.core.files.uploadedfile import SimpleUploadedFile

    chosen = {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}
    assert _UploadForm({"title": "x" * 11}, chosen).files_to_choose_again == ["附件"]
    assert _UploadForm({"title": "ok"}, chosen).files_to_choose_again == []  # saved: nothing lost
    assert _UploadForm({"title": "x" * 11}, {}).files_to_choose_again == []  # no file was chosen
    assert _UploadForm().files_to_choose_again == []
    refused_by_service = _UploadForm({"title": "ok"}, chosen)
    assert refused_by_service.is_valid()
    refused_by_service.add_error(None, "不允许")
    assert refused_by_service.files_to_choose_again == ["附件"]
