"""The one spreadsheet import page: a file field, a link to the empty template, and a
row-by-row report. All or nothing: the service checks every row first and imports nothing
when one is wrong (its report lists each problem by row).

Each app keeps what differs: who may import (checked by the caller before this runs), the
parser (its columns, via `lib.excel.read_rows`, which runs the shared upload check on the
file, so a refused file is reported like any other unreadable one), and the service.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from presales.lib.excel import SpreadsheetError
from presales.lib.forms import BootstrapFormMixin
from presales.lib.services import ServiceError


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


def import_page(
    request,
    *,
    parse: Callable,
    run: Callable,
    title: str,
    columns,
    template_url: str,
    success_url: str,
    success_message: Callable[[object], str],
    cancel_url: str | None = None,
    context: dict | None = None,
):
    """Show the import form; on a valid upload parse it and hand the rows to `run(rows)` (a
    service bound to the acting user). A file that cannot be read shows its reason; a report
    with errors shows every row's problem; an import that went through redirects to
    `success_url` with `success_message(report)`."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    file_error = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = parse(form.cleaned_data["file"])
        except SpreadsheetError as exc:
            file_error = str(exc)
        else:
            try:
                report = run(rows)
            except ServiceError as exc:  # a rule the row checks did not foresee: say it, store nothing
                file_error = " ".join(exc.messages)
                report = None
            if report is not None and report.ok:
                messages.success(request, success_message(report))
                return redirect(success_url)
    return render(
        request,
        "lib/import.html",
        {
            **(context or {}),
            "form": form,
            "report": report,
            "file_error": file_error,
            "columns": list(columns),
            "title": title,
            "template_url": template_url,
            "cancel_url": cancel_url or success_url,
        },
    )
