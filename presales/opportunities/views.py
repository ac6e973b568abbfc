"""Thin views: access helper → form → service → redirect or htmx partial."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap

from presales.customers.access import customers_visible_to
from presales.lib.audit import history_rows
from presales.lib.excel import EXPORT_CHUNK, money, xlsx_stream_response
from presales.lib.forms import id_from
from presales.lib.paging import list_page
from presales.lib.sections import sections_for
from presales.lib.services import ServiceError
from presales.lib.sorting import sort_rows
from presales.lib.uploads import serve_file
from presales.lib.views import create_through, form_errors_to_messages, run_with_messages, save_form_through
from presales.opportunities import access, selectors, services
from presales.opportunities.filters import SORTING, OpportunityFilter
from presales.opportunities.forms import (
    ActivityForm,
    CloseForm,
    DeliverableForm,
    MemberForm,
    OpportunityForm,
    ReopenForm,
)
from presales.opportunities.models import Deliverable, OpportunityTask, Stage


@login_required
def board(request):
    board = selectors.board_columns(request.user, request.GET)
    return render(request, "opportunities/board.html", {"nav": "board", "board": board, "columns": board.columns})


@login_required
def board_card(request, pk):
    """One card as the board shows it (what "cancel" on a move's confirmation goes back to)."""
    opportunity = access.get_opportunity_for(request.user, pk)
    return render(request, "opportunities/_board_card.html", {"card": selectors.board_card(request.user, opportunity)})


def _board_params(request) -> QueryDict:
    """The board's filters, read from the page the htmx request came from."""
    current = request.htmx.current_url or ""
    return QueryDict(urlsplit(current).query)


@login_required
def opportunity_list(request):
    visible = access.opportunities_visible_to(request.user).with_list_data()
    filterset = OpportunityFilter(request.GET or None, queryset=visible, user=request.user)
    rows, sort = sort_rows(request, filterset.qs, SORTING)
    page = list_page(request, rows)
    return render(
        request,
        "opportunities/list.html",
        {
            "nav": "opportunities",
            "filter": filterset,
            "sort": sort,
            **page,
            "can_create": access.can_create(request.user),
        },
    )


@login_required
def opportunity_export(request):
    """The list as filtered, searched and sorted, streamed (one query, however many rows)."""
    visible = access.opportunities_visible_to(request.user).with_list_data()
    rows, _sort = sort_rows(
        request, OpportunityFilter(request.GET or None, queryset=visible, user=request.user).qs, SORTING
    )
    headers = [
        _("Code"),
        _("Name"),
        _("Customer"),
        _("Stage"),
        _("Status"),
        _("Sales owner"),
        _("Presales lead"),
        _("Expected amount (CNY)"),
        _("Expected sign date"),
        _("Public tender"),
    ]
    data = (
        [
            o.code,
            o.name,
            o.customer.name,
            o.current_stage.name,
            o.get_status_display(),
            o.sales_owner.display_name,
            o.presales_lead.display_name if o.presales_lead else "",
            money(o.expected_amount),
            o.expected_sign_date,
            _("Yes") if o.has_tender else _("No"),
        ]
        for o in rows.iterator(chunk_size=EXPORT_CHUNK)
    )
    return xlsx_stream_response("opportunities.xlsx", _("Opportunities"), headers, data)


@login_required
def opportunity_create(request):
    if not access.can_create(request.user):
        raise PermissionDenied
    initial = {"sales_owner": request.user}
    customer_id = id_from(request.GET.get("customer"))  # "new opportunity" from a customer page
    if customer_id:
        customer = customers_visible_to(request.user).filter(pk=customer_id).first()
        if customer is not None:
            initial.update(customer=customer, industry=customer.industry)
    form = OpportunityForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        opportunity = create_through(
            form, lambda: services.opportunity_create(user=request.user, data=form.cleaned_data)
        )
        if opportunity is not None:
            messages.success(request, _("Opportunity %(code)s created.") % {"code": opportunity.code})
            return redirect("opportunities:detail", pk=opportunity.pk)
    return render(request, "opportunities/form.html", {"nav": "opportunities", "form": form})


@login_required
def opportunity_edit(request, pk):
    opportunity = access.get_opportunity_for(request.user, pk, "edit")
    form = OpportunityForm(request.POST or None, instance=opportunity, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = save_form_through(
            form,
            lambda: services.opportunity_update(
                opportunity=opportunity,
                user=request.user,
                data=form.cleaned_data,
                seen_version=form.cleaned_data.get("version"),
            ),
            current_version=lambda: access.get_opportunity_for(request.user, pk).version,
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("opportunities:detail", pk=pk)
    return render(
        request, "opportunities/form.html", {"nav": "opportunities", "form": form, "opportunity": opportunity}
    )


@login_required
def opportunity_detail(request, pk):
    opportunity = access.get_opportunity_for(request.user, pk)
    user = request.user
    context = {
        "nav": "opportunities",
        "opportunity": opportunity,
        "missing": services.gate_missing(opportunity) if opportunity.is_active else [],
        "next_stage": services.next_stage(opportunity) if opportunity.is_active else None,
        "can_edit": access.can_edit(user, opportunity),
        "can_advance": access.can_advance(user, opportunity),
        "can_contribute": access.can_contribute(user, opportunity),
        "can_close": access.can_close(user, opportunity),
        "can_manage_team": access.can_manage_team(user, opportunity),
        "deliverable_form": DeliverableForm(opportunity=opportunity),
        "activity_form": ActivityForm(opportunity=opportunity),
        "close_form": CloseForm(),
        "reopen_form": ReopenForm(),
        "member_form": MemberForm(),
        "history": history_rows(opportunity),
        **selectors.opportunity_detail(opportunity, user),
        "task_assignees": selectors.task_assignee_choices(opportunity) if opportunity.is_active else [],
        # The cards of the apps built on opportunities (solutions, quotes, contracts, …).
        "sections": sections_for("opportunity", opportunity, user),
    }
    context["doable_tasks"] = {t.pk for t in context["current_tasks"] if access.can_do_task(user, opportunity, t)}
    context["reassignable_tasks"] = {
        t.pk for t in context["current_tasks"] if access.can_reassign_task(user, opportunity, t)
    }
    return render(request, "opportunities/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_advance(request, pk):
    """Move through the gate, once confirmed. A GET (or a POST without confirm=1) only shows
    the move and what the gate needs — on the board, in the card; a drop on another column
    posts confirm=1 (the drop is the confirmation). A move from the board re-renders the two
    columns in place (cards, counts, totals, with the board's filters); a refusal re-renders
    the card with it, in its column."""
    opportunity = access.get_opportunity_for(request.user, pk)
    if not access.can_advance(request.user, opportunity):
        if not request.htmx:
            raise PermissionDenied
        # 403, swapped into the card all the same (htmx-config in base.html) so the refusal shows in place.
        refusal = [
            _("The opportunity is closed.")
            if not opportunity.is_active
            else _("Only the sales owner, the presales lead and managers can move this opportunity.")
        ]
        card = selectors.board_card(request.user, opportunity, refused=True)
        return render(request, "opportunities/_board_card.html", {"card": card, "refusal": refusal}, status=403)
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and not data.get("to_stage"):
        to_stage = services.next_stage(opportunity)
        if to_stage is None:
            raise Http404
    else:
        # A stage not of this template, or no stage id at all (crafted), is no stage: 404.
        to_stage = get_object_or_404(Stage, pk=id_from(data.get("to_stage")), template=opportunity.template)
    if request.method == "GET" or request.POST.get("confirm") != "1":
        confirmation = selectors.advance_confirmation(opportunity, to_stage)
        if request.htmx:
            card = selectors.board_card(request.user, opportunity)
            return render(request, "opportunities/_board_card.html", {"card": card, "confirm": confirmation})
        return render(
            request,
            "opportunities/advance_confirm.html",
            {"nav": "board", "opportunity": opportunity, "confirm": confirmation},
        )
    reason = request.POST.get("reason", "")
    refusal: list[str] = []
    try:
        move = services.opportunity_advance(
            opportunity=opportunity, user=request.user, to_stage=to_stage, reason=reason
        )
    except ServiceError as exc:
        refusal = exc.messages
    if request.htmx:
        if refusal:
            card = selectors.board_card(request.user, opportunity)
            return render(request, "opportunities/_board_card.html", {"card": card, "refusal": refusal})
        board = selectors.board_columns(
            request.user, _board_params(request), only_stages={move.from_stage.pk, move.to_stage.pk}
        )
        # The columns swap themselves in (out of band); the card the request came from goes with its column.
        response = render(request, "opportunities/_board_moved.html", {"board": board, "moved_id": opportunity.pk})
        return reswap(response, "none")
    if refusal:
        messages.error(
            request,
            _("Cannot move to “%(stage)s”: %(missing)s") % {"stage": to_stage.name, "missing": "；".join(refusal)},
        )
    else:
        messages.success(request, _("Moved to “%(stage)s”.") % {"stage": move.to_stage.name})
    return redirect("opportunities:detail", pk=pk)


def _change_status(request, pk, form_class, service, success: str, action: str):
    """Close or reopen: the form, then the service; a refusal re-renders the form with what was typed."""
    opportunity = access.get_opportunity_for(request.user, pk, "close")
    form = form_class(request.POST)
    if form.is_valid() and save_form_through(
        form, lambda: service(opportunity=opportunity, user=request.user, **form.cleaned_data)
    ):
        messages.success(request, success)
        return redirect("opportunities:detail", pk=pk)
    return render(
        request,
        "opportunities/status_form.html",
        {"nav": "opportunities", "opportunity": opportunity, "form": form, "action": action},
    )


@login_required
@require_POST
def opportunity_close(request, pk):
    """Close as won/lost/abandoned."""
    return _change_status(
        request, pk, CloseForm, services.opportunity_close, _("The opportunity is closed."), action="close"
    )


@login_required
@require_POST
def opportunity_reopen(request, pk):
    return _change_status(
        request, pk, ReopenForm, services.opportunity_reopen, _("The opportunity is active again."), action="reopen"
    )


@login_required
def deliverable_create(request, pk):
    opportunity = access.get_opportunity_for(request.user, pk, "contribute")
    form = DeliverableForm(request.POST or None, request.FILES or None, opportunity=opportunity)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        deliverable = create_through(
            form,
            lambda: services.deliverable_submit(
                opportunity=opportunity,
                user=request.user,
                deliverable_type=data["deliverable_type"],
                title=data["title"],
                file=data["file"],
                link=data["link"],
                note=data["note"],
                draft=data["draft"],
            ),
        )
        if deliverable is not None:
            messages.success(
                request,
                _("《%(title)s》 v%(version)s saved.") % {"title": deliverable.title, "version": deliverable.version},
            )
            return redirect("opportunities:detail", pk=pk)
    elif request.method == "GET" and request.GET.get("type"):
        form.initial["deliverable_type"] = request.GET["type"]
    return render(
        request,
        "opportunities/deliverable_form.html",
        {"nav": "opportunities", "opportunity": opportunity, "form": form},
    )


def _deliverable(opportunity, deliverable_pk) -> Deliverable:
    return get_object_or_404(
        Deliverable.objects.select_related("deliverable_type"), pk=deliverable_pk, opportunity=opportunity
    )


@login_required
@require_POST
def deliverable_send(request, pk, deliverable_pk):
    opportunity = access.get_opportunity_for(request.user, pk, "contribute")
    deliverable = _deliverable(opportunity, deliverable_pk)
    run_with_messages(
        request,
        lambda: services.deliverable_send_for_approval(
            deliverable=deliverable, user=request.user, note=request.POST.get("note", "")
        ),
        _("Submitted for approval."),
    )
    return redirect("opportunities:detail", pk=pk)


@login_required
def deliverable_download(request, pk, deliverable_pk):
    """Files are served only through this view, after the visibility check."""
    opportunity = access.get_opportunity_for(request.user, pk)
    deliverable = _deliverable(opportunity, deliverable_pk)
    return serve_file(deliverable.file, deliverable.file_name)


@login_required
@require_POST
def task_toggle(request, pk, task_pk):
    opportunity = access.get_opportunity_for(request.user, pk)
    task = get_object_or_404(OpportunityTask, pk=task_pk, opportunity=opportunity)
    if not access.can_do_task(request.user, opportunity, task):
        raise PermissionDenied
    done = request.POST.get("done") == "1"
    run_with_messages(
        request,
        lambda: services.task_set_done(task=task, user=request.user, done=done),
        _("Task marked done.") if done else _("Task reopened."),
    )
    return redirect("opportunities:detail", pk=pk)


@login_required
@require_POST
def task_reassign(request, pk, task_pk):
    """Give a task to someone else (the sales owner, the presales lead, managers, the task's
    assignee; anyone of the department for a task in its queue)."""
    opportunity = access.get_opportunity_for(request.user, pk)
    task = get_object_or_404(OpportunityTask.objects.select_related("assignee"), pk=task_pk, opportunity=opportunity)
    if not access.can_reassign_task(request.user, opportunity, task):
        raise PermissionDenied
    assignee = get_object_or_404(get_user_model(), pk=id_from(request.POST.get("assignee")), is_active=True)
    run_with_messages(
        request,
        lambda: services.task_reassign(task=task, user=request.user, assignee=assignee),
        lambda: _("The task now goes to %(name)s.") % {"name": assignee.display_name},
    )
    return redirect("opportunities:detail", pk=pk)


@login_required
@require_POST
def activity_create(request, pk):
    opportunity = access.get_opportunity_for(request.user, pk, "contribute")
    form = ActivityForm(request.POST, opportunity=opportunity)
    if not form.is_valid():
        return render(
            request,
            "opportunities/activity_form.html",
            {"nav": "opportunities", "opportunity": opportunity, "form": form},
        )
    run_with_messages(
        request,
        lambda: services.activity_log(opportunity=opportunity, user=request.user, data=form.cleaned_data),
        _("Activity recorded."),
    )
    return redirect("opportunities:detail", pk=pk)


@login_required
@require_POST
def member_add(request, pk):
    opportunity = access.get_opportunity_for(request.user, pk, "team")
    form = MemberForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("opportunities:detail", pk=pk)
    run_with_messages(
        request,
        lambda: services.opportunity_member_add(
            opportunity=opportunity, user=request.user, member=form.cleaned_data["user"], role=form.cleaned_data["role"]
        ),
        _("Team member added."),
    )
    return redirect("opportunities:detail", pk=pk)


@login_required
@require_POST
def member_remove(request, pk, user_pk):
    opportunity = access.get_opportunity_for(request.user, pk, "team")
    member = get_object_or_404(get_user_model(), pk=user_pk)
    run_with_messages(
        request,
        lambda: services.opportunity_member_remove(opportunity=opportunity, user=request.user, member=member),
        _("Team member removed."),
    )
    return redirect("opportunities:detail", pk=pk)
