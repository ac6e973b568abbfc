"""No free text without a limit (issue 8: 1 MB of activity text was stored and the page grew
to 3.2 MB). Every TextField of every model, today's and tomorrow's, is walked: a form built
for it refuses text over its limit, and so does the save of every service (save_with_history
→ check_text_limits) for the paths that bypass forms."""

from __future__ import annotations

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.utils import translation

from presales.lib.forms import TEXT_LONG, BootstrapFormMixin
from presales.lib.services import ServiceError, check_text_limits


def text_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("presales.") or model.__name__.startswith("Historical"):
            continue  # django-simple-history copies the fields it records: the originals are walked
        for field in model._meta.concrete_fields:
            if isinstance(field, models.TextField):
                yield pytest.param(model, field, id=f"{model._meta.label}.{field.name}")


FIELDS = list(text_fields())


def test_the_walk_finds_the_fields_of_the_issue():
    names = {param.id for param in FIELDS}
    assert {"opportunities.Activity.outcome", "solutions.Solution.scope", "solutions.Review.minutes"} <= names
    assert len(names) > 40


class _Form(BootstrapFormMixin, forms.ModelForm):
    pass


@pytest.mark.parametrize(("model", "field"), FIELDS)
def test_every_text_field_has_a_limit_in_forms_and_services(model, field):
    limit = field.max_length or TEXT_LONG
    # Text people type is bounded by TEXT_LONG; text a service writes (a file's extracted
    # text, not editable) by the cap its field declares, checked the same way below.
    assert limit <= TEXT_LONG or (not field.editable and field.max_length)
    too_long = "长" * (limit + 1)

    if field.editable:
        form_class = forms.modelform_factory(model, form=_Form, fields=[field.name])
        form = form_class(data={field.name: too_long})
        assert form.fields[field.name].max_length == limit
        assert field.name in form.errors

    instance = model(**{field.attname: too_long})
    with translation.override("en"), pytest.raises(ServiceError) as exc:
        check_text_limits(instance)
    assert "is too long" in exc.value.messages[0]
    check_text_limits(model(**{field.attname: "长" * limit}))  # the limit itself is allowed
