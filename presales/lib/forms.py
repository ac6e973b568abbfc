"""What every form shares: Bootstrap styling applied once, the limits of free text, the
hidden version of the stale-edit check, and model choices that refuse crafted ids."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import connections, models

# Free-text limits (characters): comments, reasons and notes; long descriptions, minutes and
# survey records. Model TextFields declare one of them as `max_length` (passed to their form
# fields; no database change) and services check them again (lib.services.check_text_limits).
TEXT_SHORT = 2_000
TEXT_LONG = 10_000

# The largest id a 64-bit key column holds: a larger one typed in a URL or form is no record.
MAX_ID = 2**63 - 1


def limit_length(field: forms.CharField, limit: int) -> None:
    """Give a form field built without one (or with another) a length limit, as if it had
    been built with `max_length=limit`: validator, and the widget's maxlength."""
    field.max_length = limit
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs.update(field.widget_attrs(field.widget))


def id_from(value) -> int | None:
    """An id read from a query string or a form field (`?customer=12`): a plain positive
    integer that fits a key column, else None — so that a crafted value (text, `-1`, `²`,
    empty, 2^64) makes the view answer 404 or ignore it, instead of failing in the database."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field checks that each id is a number but not that it fits the column, so an
    id above 2^63 reaches the database in `pk__in` and fails there (OverflowError on SQLite,
    DataError on PostgreSQL): a 500. Here it is an invalid choice, like any unknown id."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        meta = self.queryset.model._meta
        field = meta.pk if key == "pk" else meta.get_field(key)
        if isinstance(field, models.IntegerField) and isinstance(value, (list, tuple)):
            low, high = connections[self.queryset.db].ops.integer_field_range(field.get_internal_type())
            for item in value:
                try:
                    number = int(item)
                except (TypeError, ValueError):
                    continue  # not a number at all: Django's own check says so
                if (low is not None and number < low) or (high is not None and number > high):
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                    )
        return super()._check_values(value)


class VersionField(forms.CharField):
    """The hidden version of the record the user opened, for the stale-edit check
    (lib.services.check_version). Kept as posted: check_version refuses an unreadable one
    with a message the user sees, where an error on a hidden field would show nowhere.
    A form for a record not created yet carries 0, so a save after someone else created it
    is refused as stale too. A form posted without it is not checked (as before)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_value", None)
        super().__init__(**kwargs)


class BootstrapFormMixin:
    # A form shown on a page beside others sets its own: its fields' ids are
    # "<id_prefix>-<name>" instead of Django's "id_<name>", so that no two forms of a page
    # share an id (a label would point at the other form's field). Names are unchanged.
    id_prefix: str = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            self._style(field)

    def add_field(self, name: str, field: forms.Field) -> None:
        """A field built in `__init__` (from data: a rule's code fields), styled as the others."""
        self._style(field)
        self.fields[name] = field

    @staticmethod
    def _style(field: forms.Field) -> None:
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
            css = "form-check-input"
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 3)
        if isinstance(field, forms.CharField) and field.max_length is None and not widget.is_hidden:
            limit_length(field, TEXT_LONG)  # no free text without a limit (issue 8)

    @property
    def files_to_choose_again(self) -> list[str]:
        """The labels of the file fields whose chosen file is lost: a browser never keeps a
        file input's choice when the form comes back, so after a refusal (the form's own
        validation or the service's, added to the form) the page says to choose it again
        (includes/form_fields.html)."""
        if not self.is_bound or not self.files or not self.errors:
            return []
        return [
            str(bound.label)
            for bound in self
            if isinstance(bound.field, forms.FileField) and self.files.get(bound.html_name)
        ]

    def full_clean(self):
        # Mark invalid fields only after validation: reading `errors` in __init__ would validate
        # before subclasses finish setting up their fields (querysets, removed fields).
        super().full_clean()
        for name in self._errors or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                if "is-invalid" not in classes:
                    widget.attrs["class"] = " ".join([*classes, "is-invalid"])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# ---------------------------------------------------------------------------
# People pickers
# ---------------------------------------------------------------------------
def people_with(roles) -> models.QuerySet:
    """Active people holding one of `roles` (presales.accounts.roles.Role), for a picker:
    never a superuser (the administrators' accounts), nor anyone outside those roles."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    holders = user_model.objects.filter(groups__name__in=list(roles)).values("pk")
    return (
        user_model.objects.filter(is_active=True, is_superuser=False, pk__in=holders)
        .select_related("department")
        .order_by("full_name", "username")
    )


def person_label(user) -> str:
    """How a picker names a person: the full display name and the department."""
    department = getattr(user, "department", None)
    return f"{user.display_name}（{department.name}）" if department else user.display_name


class PeoplePicker:
    """The one people field of every form: a searchable picker (vendor tom-select, started by
    static/js/people-picker.js on `data-people-picker`, no inline script) over the people of
    the roles that make sense for the field. `PeoplePicker.one(roles=…)` picks a person,
    `PeoplePicker.many(roles=…)` several; anyone outside the roles is refused by the field
    (an invalid choice), whatever is posted."""

    @staticmethod
    def attrs() -> dict:
        from django.utils.translation import gettext_lazy as _

        return {
            "data-people-picker": "",
            "data-placeholder": _("Type a name to search"),
            "data-no-results": _("Nobody of these roles matches"),
        }

    @classmethod
    def one(cls, *, roles, **kwargs) -> PersonChoiceField:
        return PersonChoiceField(roles=roles, **kwargs)

    @classmethod
    def many(cls, *, roles, **kwargs) -> PeopleChoiceField:
        return PeopleChoiceField(roles=roles, **kwargs)


class _PeopleFieldMixin:
    def __init__(self, *, roles, **kwargs):
        self.roles = tuple(roles)
        kwargs.setdefault("widget", self.widget_class(attrs=PeoplePicker.attrs()))
        super().__init__(queryset=people_with(self.roles), **kwargs)

    def label_from_instance(self, obj) -> str:
        return person_label(obj)


class PersonChoiceField(_PeopleFieldMixin, forms.ModelChoiceField):
    widget_class = forms.Select

    def __init__(self, *, roles, **kwargs):
        kwargs.setdefault("empty_label", "—")  # never "---------" on a screen
        super().__init__(roles=roles, **kwargs)

    def to_python(self, value):
        # An id beyond the key column (or not a number) is no one: an invalid choice, not a 500.
        if value not in self.empty_values and id_from(str(value)) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class PeopleChoiceField(_PeopleFieldMixin, ModelMultipleChoiceField):
    widget_class = forms.SelectMultiple


def use_people_picker(form: forms.BaseForm, name: str, *, roles, multiple: bool = False) -> None:
    """Turn a form's people field (one a ModelForm built from its model, say) into the
    PeoplePicker of `roles`, keeping its label, help text and whether it is required."""
    old = form.fields[name]
    build = PeoplePicker.many if multiple else PeoplePicker.one
    field = build(roles=roles, label=old.label, required=old.required, help_text=old.help_text)
    if isinstance(form, BootstrapFormMixin):
        form.add_field(name, field)
    else:
        form.fields[name] = field
