"""What the views of every app share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django.utils.http import url_has_allowed_host_and_scheme

from presales.lib.services import ServiceError, StaleEdit

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet
    from django.forms import BaseForm
    from django.http import HttpRequest, QueryDict


def save_form_through(
    form: BaseForm,
    call: Callable[[], object],
    *,
    current_version: Callable[[], int] | None = None,
    field: str | None = None,
) -> bool:
    """Run a service for a valid form; on refusal put the reasons on the form (on `field`,
    else above it), keeping what was typed. After a stale-edit refusal the form carries the
    version just read, so that "save again" (once the other person's changes are checked)
    goes through. Returns whether it went through."""
    try:
        call()
    except StaleEdit as exc:
        if current_version is not None:
            data = cast("QueryDict", form.data).copy()  # the request's POST (a dict in some tests): both copy
            data["version"] = current_version()  # type: ignore[assignment]  # kept an int, as the form reads it
            form.data = data
        form.add_error(field, exc.messages[0])
        return False
    except ServiceError as exc:
        for message in exc.messages:
            form.add_error(field, message)
        return False
    return True


def create_through[T](form: BaseForm, call: Callable[[], T], *, field: str | None = None) -> T | None:
    """`save_form_through` for a service that creates something: returns what it created,
    or None when refused (the reasons on the form)."""
    created: list[T] = []
    if save_form_through(form, lambda: created.append(call()), field=field):
        return created[0]
    return None


def run_with_messages(
    request: HttpRequest, call: Callable[[], object], success: str | Callable[[], str] | None
) -> bool:
    """Run a service for a button (no form): its refusal reasons or `success` (none when
    None) become messages shown on the next page. Returns whether it went through."""
    from django.contrib import messages

    try:
        call()
    except ServiceError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    if success is not None:
        messages.success(request, success() if callable(success) else success)
    return True


def form_errors_to_messages(request: HttpRequest, form: BaseForm, *, labels: bool = True) -> None:
    """A button's small form that was refused before any service ran (nowhere to show it
    again): each error becomes a message on the next page, after its field's label."""
    from django.contrib import messages

    for name, errors in form.errors.items():
        label = form.fields[name].label if labels and name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else str(error))


def get_or_404[M: Model](queryset: QuerySet[M], **lookups: Any) -> M:
    """`queryset.get(**lookups)`, or 404 when there is no such row — also for a crafted id
    (`"abc"`, a list, a malformed uuid) that the database cannot even compare."""
    from django.core.exceptions import ObjectDoesNotExist, ValidationError
    from django.http import Http404

    try:
        return queryset.get(**lookups)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError) as exc:  # the model's DoesNotExist
        raise Http404 from exc


def next_url(request: HttpRequest, fallback: str) -> str:
    """Where a form posted with `next` goes back to: a path on this site ("/…", never "//…"
    nor another host), else `fallback`. A bare word would be read by redirect() as the name of
    a URL, and a crafted one would end in a 500."""
    target = request.POST.get("next", "")
    if (
        target.startswith("/")
        and len(target) <= 2000
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return fallback
