"""Thin views: access → form → service → redirect; refusals are shown keeping the input."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from presales.lib.excel import EXPORT_CHUNK, xlsx_stream_response
from presales.lib.forms import id_from
from presales.lib.paging import list_page
from presales.lib.services import ServiceError
from presales.lib.sorting import sort_rows
from presales.lib.uploads import serve_file
from presales.lib.views import create_through, form_errors_to_messages, run_with_messages, save_form_through
from presales.service_requests import access, selectors, services
from presales.service_requests.forms import (
    AssignForm,
    AttachmentForm,
    BulkAssignForm,
    CloseForm,
    DeliverForm,
    DispatchFilterForm,
    MultipleFileField,
    ReasonForm,
    RequestFilterForm,
    RequestForm,
    RequirementsFormForm,
    SurveyDecisionForm,
    SurveyForm,
)
from presales.service_requests.models import (
    RequirementsForm,
    ServiceRequestAttachment,
    SiteSurvey,
    SurveyAttachment,
)


def _filtered(request):
    """The filter form and the requests it selects (a crafted filter selects as if unset)."""
    form = RequestFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.request_list(
        request.user,
        q=filters.get("q", ""),
        status=filters.get("status", ""),
        request_type=filters.get("request_type", ""),
        scope=filters.get("scope", ""),
        overdue=filters.get("overdue", False),
    )
    return form, qs


@login_required
def request_list(request):
    form, qs = _filtered(request)
    rows, sort = sort_rows(request, qs, selectors.REQUEST_SORTING)
    return render(
        request,
        "service_requests/list.html",
        {
            "nav": "requests",
            "filter_form": form,
            "sort": sort,
            **list_page(request, rows),
            "can_file": access.is_filer(request.user),
        },
    )


@login_required
def request_export(request):
    """The list as filtered, searched and sorted, streamed: only the requests the user sees."""
    _form, qs = _filtered(request)
    rows, _sort = sort_rows(request, qs, selectors.REQUEST_SORTING)
    headers = [
        _("Code"),
        _("Title"),
        _("Customer"),
        _("Opportunity"),
        _("Type"),
        _("Priority"),
        _("Status"),
        _("Requested by"),
        _("Submitted at"),
        _("Engineer"),
        _("Wanted by"),
        _("Due date"),
        _("Estimated hours"),
    ]
    data = (
        [
            sr.code,
            sr.title,
            sr.customer.name,
            sr.opportunity.code if sr.opportunity_id else "",
            sr.get_request_type_display(),
            sr.get_priority_display(),
            sr.get_status_display(),
            sr.requested_by.display_name,
            timezone.localtime(sr.submitted_at).replace(tzinfo=None),
            sr.assignee.display_name if sr.assignee_id else "",
            sr.wanted_by,
            sr.due_date,
            sr.estimated_hours,
        ]
        for sr in rows.iterator(chunk_size=EXPORT_CHUNK)
    )
    return xlsx_stream_response("service-requests.xlsx", _("Service requests"), headers, data)


# Rows of each of the dispatch page's lists on one page: its HTML stays the same size
# whatever the queue's length (issue 11).
DISPATCH_PAGE_SIZE = 25
WAITING_PAGE = "wpage"  # the page of the second list (assigned, not accepted); the first uses "page"


@login_required
def dispatch(request):
    """The presales manager's queue: requests waiting for an engineer and those assigned but
    not yet accepted, a page of each, with ONE form that assigns the ticked ones."""
    if not access.is_dispatcher(request.user):
        raise PermissionDenied
    engineers = list(selectors.assignable_engineers())
    return _dispatch_page(request, BulkAssignForm(engineers=engineers))


@login_required
@require_POST
def dispatch_assign(request):
    """The dispatch page's form: the ticked requests to one engineer, each through its own
    assignment (services.requests_bulk_assign); a refused one says why, the others go
    through. A form refused as a whole (no engineer, nothing ticked) comes back as typed."""
    if not access.is_dispatcher(request.user):
        raise PermissionDenied
    engineers = list(selectors.assignable_engineers())
    form = BulkAssignForm(request.POST, engineers=engineers)
    if not form.is_valid():
        return _dispatch_page(request, form)
    ids = form.cleaned_data["requests"]
    ticked = list(access.requests_visible_to(request.user).filter(pk__in=ids).order_by("pk"))
    engineer = form.cleaned_data["engineer"]
    done, refused = services.requests_bulk_assign(
        requests=ticked,
        user=request.user,
        engineer=engineer,
        estimated_hours=form.cleaned_data.get("estimated_hours"),
        due_date=form.cleaned_data.get("due_date"),
        survey_needed=form.cleaned_data.get("survey_needed"),
    )
    if done:
        messages.success(
            request,
            ngettext(
                "%(n)d request assigned to %(name)s: %(codes)s.",
                "%(n)d requests assigned to %(name)s: %(codes)s.",
                len(done),
            )
            % {"n": len(done), "name": engineer.display_name, "codes": "、".join(sr.code for sr in done)},
        )
    for sr, reason in refused:
        messages.error(request, f"{sr.code}: {reason}")
    unknown = len(ids) - len(ticked)
    if unknown:
        messages.error(
            request,
            ngettext("%(n)d ticked request no longer exists.", "%(n)d ticked requests no longer exist.", unknown)
            % {"n": unknown},
        )
    query = request.GET.urlencode()  # the page's filters and pages, kept in the form's action
    return redirect(reverse("service_requests:dispatch") + (f"?{query}" if query else ""))


def _dispatch_page(request, form: BulkAssignForm):
    """The page: filters, a page of each list (a COUNT and a page query each), the one
    assignment form and the engineers' load — the same queries whatever the queue's length."""
    filter_form = DispatchFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    filters = {key: filters.get(key, "") for key in ("q", "request_type", "priority")}
    queue = list_page(request, selectors.dispatch_queue(**filters), per_page=DISPATCH_PAGE_SIZE)
    waiting = list_page(request, selectors.assigned_waiting(**filters), per_page=DISPATCH_PAGE_SIZE, param=WAITING_PAGE)
    return render(
        request,
        "service_requests/dispatch.html",
        {
            "nav": "dispatch",
            "filter_form": filter_form,
            "form": form,
            "ticked": form.ticked,
            "queue": queue,
            "waiting": waiting,
            "waiting_param": WAITING_PAGE,
            "engineers": list(selectors.engineers_with_load()),
        },
    )


@login_required
@require_POST
def assign(request, pk):
    sr = access.get_request_for(request.user, pk, "assign")
    engineers = list(selectors.assignable_engineers())
    form = AssignForm(request.POST, engineers=engineers, request_obj=sr)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{sr.code}: {error}")
    else:
        _assign(request, sr, form)
    if request.POST.get("next") == "detail":
        return redirect("service_requests:detail", pk=sr.pk)
    return redirect("service_requests:dispatch")


def _assign(request, sr, form) -> None:
    try:
        services.request_assign(
            request=sr,
            user=request.user,
            engineer=form.cleaned_data["engineer"],
            estimated_hours=form.cleaned_data.get("estimated_hours"),
            due_date=form.cleaned_data.get("due_date"),
            survey_needed=form.cleaned_data.get("survey_needed"),
        )
    except ServiceError as exc:
        for message in exc.messages:
            messages.error(request, f"{sr.code}: {message}")
    else:
        messages.success(
            request,
            _("%(code)s assigned to %(name)s.") % {"code": sr.code, "name": form.cleaned_data["engineer"].display_name},
        )


@login_required
def request_create(request):
    if not access.is_filer(request.user):
        raise PermissionDenied
    from presales.customers.access import customers_visible_to
    from presales.opportunities.access import opportunities_visible_to

    initial = {}
    opportunity = customer = None
    opportunity_id, customer_id = id_from(request.GET.get("opportunity")), id_from(request.GET.get("customer"))
    if opportunity_id:
        opportunity = (
            opportunities_visible_to(request.user).select_related("customer").filter(pk=opportunity_id).first()
        )
        if opportunity is not None:
            customer = opportunity.customer
            initial["opportunity"] = opportunity
    elif customer_id:
        customer = customers_visible_to(request.user).filter(pk=customer_id).first()
    if customer is not None:
        contact = customer.contacts.order_by("id").first()
        initial.update(customer=customer, site_address=customer.address)
        if contact is not None:
            initial.update(contact_name=contact.name, contact_phone=contact.phone)
    form = RequestForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        sr = create_through(
            form,
            lambda: services.request_create(
                user=request.user, data=form.cleaned_data, files=form.cleaned_data["files"]
            ),
        )
        if sr is not None:
            messages.success(request, _("Service request %(code)s filed.") % {"code": sr.code})
            return redirect("service_requests:detail", pk=sr.pk)
    return render(request, "service_requests/form.html", {"nav": "requests", "form": form})


@login_required
def request_edit(request, pk):
    sr = access.get_request_for(request.user, pk, "edit")
    form = RequestForm(request.POST or None, instance=sr, user=request.user)
    if sr.is_final or sr.status not in access.EDITABLE_STATUSES:
        # Say why at once, instead of letting the user type changes that will be refused.
        refused = not run_with_messages(
            request,
            lambda: services.request_update(request=sr, user=request.user, data={}, seen_version=sr.version),
            None,
        )
        if refused:
            return redirect("service_requests:detail", pk=pk)
    if request.method == "POST" and form.is_valid():
        saved = save_form_through(
            form,
            lambda: services.request_update(
                request=sr, user=request.user, data=form.cleaned_data, seen_version=form.cleaned_data.get("version")
            ),
            current_version=lambda: access.get_request_for(request.user, pk).version,
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("service_requests:detail", pk=pk)
    return render(request, "service_requests/form.html", {"nav": "requests", "form": form, "sr": sr})


@login_required
def request_detail(request, pk):
    sr = access.get_request_for(request.user, pk)
    user = request.user
    context = {
        "nav": "requests",
        "sr": sr,
        **selectors.request_detail(sr),
        "can_edit": access.can_edit(user, sr),
        "can_assign": access.can_assign(user, sr),
        "can_accept": access.can_accept(user, sr),
        "can_start": access.can_start(user, sr),
        "can_deliver": access.can_deliver(user, sr),
        "can_close": access.can_close(user, sr),
        "can_reject": access.can_reject(user, sr),
        "can_cancel": access.can_cancel(user, sr),
        "can_decide_survey": access.can_decide_survey(user, sr),
        "can_fill_survey": access.can_fill_survey(user, sr),
        "can_fill_requirements": access.can_fill_requirements(user, sr),
        "can_add_files": access.can_add_files(user, sr),
        "decline_form": ReasonForm(auto_id="decline_%s"),
        "reject_form": ReasonForm(auto_id="reject_%s"),
        "cancel_form": ReasonForm(auto_id="cancel_%s"),
        "close_form": CloseForm(),
        "deliver_form": DeliverForm(),
        "attachment_form": AttachmentForm(),
    }
    if context["can_assign"]:
        context["assign_form"] = AssignForm(engineers=list(selectors.assignable_engineers()), request_obj=sr)
    return render(request, "service_requests/detail.html", context)


def _transition(request, pk, call, success: str, form_class=None, heading=None):
    """Run a button's service. With `heading`, a refused form (invalid or refused by the
    service) is shown again on its own page with what was typed, instead of being lost."""
    sr = access.get_request_for(request.user, pk)
    form = None
    if form_class is not None:
        form = form_class(request.POST, request.FILES or None)
        if not form.is_valid():
            if heading is not None:
                return _form_again(request, sr, form, heading)
            form_errors_to_messages(request, form, labels=False)
            return redirect("service_requests:detail", pk=pk)
    kwargs = form.cleaned_data if form is not None else {}
    if form is not None and heading is not None:
        if not save_form_through(form, lambda: call(sr, kwargs)):
            return _form_again(request, sr, form, heading)
        messages.success(request, success)
    else:
        run_with_messages(request, lambda: call(sr, kwargs), success)
    return redirect("service_requests:detail", pk=pk)


def _with_reason(request, pk, service, success: str, heading: str):
    """A button whose service needs a reason (decline, reject, cancel)."""
    return _transition(
        request,
        pk,
        lambda sr, d: service(request=sr, user=request.user, reason=d["reason"]),
        success,
        ReasonForm,
        heading=heading,
    )


def _form_again(request, sr, form, heading):
    return render(
        request,
        "service_requests/section_form.html",
        {
            "nav": "requests",
            "sr": sr,
            "form": form,
            "heading": heading,
            "submit_label": heading,
            "multipart": any(isinstance(field, MultipleFileField) for field in form.fields.values()),
        },  # fmt: skip
    )


@login_required
@require_POST
def accept(request, pk):
    return _transition(
        request, pk, lambda sr, d: services.request_accept(request=sr, user=request.user), _("Request accepted.")
    )


@login_required
@require_POST
def decline(request, pk):
    return _with_reason(
        request,
        pk,
        services.request_decline,
        _("Request declined; it is back with the presales manager."),
        _("Decline request"),
    )


@login_required
@require_POST
def start(request, pk):
    return _transition(
        request, pk, lambda sr, d: services.request_start(request=sr, user=request.user), _("Work started.")
    )


@login_required
@require_POST
def deliver(request, pk):
    return _transition(
        request,
        pk,
        lambda sr, d: services.request_deliver(request=sr, user=request.user, note=d["note"], files=d["files"]),
        _("Request delivered."),
        DeliverForm,
        heading=_("Deliver"),
    )


@login_required
@require_POST
def close(request, pk):
    return _transition(
        request,
        pk,
        lambda sr, d: services.request_close(request=sr, user=request.user, comment=d.get("comment", "")),
        _("Request closed."),
        CloseForm,
        heading=_("Close request"),
    )


@login_required
@require_POST
def reject(request, pk):
    return _with_reason(request, pk, services.request_reject, _("Request rejected."), _("Reject request"))


@login_required
@require_POST
def cancel(request, pk):
    return _with_reason(request, pk, services.request_cancel, _("Request cancelled."), _("Cancel request"))


@login_required
@require_POST
def decide_survey(request, pk):
    return _transition(
        request,
        pk,
        lambda sr, d: services.request_set_survey_needed(
            request=sr, user=request.user, survey_needed=d["survey_needed"]
        ),
        _("Site survey decision saved."),
        SurveyDecisionForm,
    )


@login_required
@require_POST
def add_files(request, pk):
    return _transition(
        request,
        pk,
        lambda sr, d: services.attachment_add(request=sr, user=request.user, files=d["files"]),
        _("Files added."),
        AttachmentForm,
    )


@login_required
def survey_edit(request, pk):
    sr = access.get_request_for(request.user, pk, "engineer")
    instance = SiteSurvey.objects.filter(request=sr).first()
    form = SurveyForm(request.POST or None, request.FILES or None, instance=instance)
    return _record_edit(
        request,
        sr,
        form,
        lambda: services.survey_save(
            request=sr,
            user=request.user,
            data=form.model_data(),
            extra=form.extra_values(),
            files=form.cleaned_data.get("files") or [],
            seen_version=form.cleaned_data.get("version"),
        ),
        SiteSurvey,
        success=_("Site survey saved."),
        heading=_("Site survey"),
        testid="survey-form",
    )


@login_required
def requirements_edit(request, pk):
    sr = access.get_request_for(request.user, pk, "requester")
    instance = RequirementsForm.objects.filter(request=sr).first()
    form = RequirementsFormForm(request.POST or None, instance=instance)
    return _record_edit(
        request,
        sr,
        form,
        lambda: services.requirements_save(
            request=sr,
            user=request.user,
            data=form.model_data(),
            extra=form.extra_values(),
            seen_version=form.cleaned_data.get("version"),
        ),
        RequirementsForm,
        success=_("Requirements form saved."),
        heading=_("Requirements form"),
        testid="requirements-form",
    )


def _record_edit(request, sr, form, save, model, *, success: str, heading: str, testid: str):
    """The site survey or requirements form page: save through the service (a stale or refused
    save is shown again with what was typed), then back to the request."""
    if request.method == "POST" and form.is_valid():
        saved = save_form_through(form, save, current_version=lambda: model.objects.get(request=sr).version)
        if saved:
            messages.success(request, success)
            return redirect("service_requests:detail", pk=sr.pk)
    return render(
        request,
        "service_requests/section_form.html",
        {
            "nav": "requests",
            "sr": sr,
            "form": form,
            "heading": heading,
            "multipart": "files" in form.fields,
            "testid": testid,
        },  # fmt: skip
    )


@login_required
def attachment_download(request, pk, attachment_pk):
    sr = access.get_request_for(request.user, pk)
    attachment = get_object_or_404(ServiceRequestAttachment, pk=attachment_pk, request=sr)
    return serve_file(attachment.file, attachment.filename)


@login_required
def survey_file_download(request, pk, attachment_pk):
    sr = access.get_request_for(request.user, pk)
    attachment = get_object_or_404(SurveyAttachment, pk=attachment_pk, survey__request=sr)
    return serve_file(attachment.file, attachment.filename)
