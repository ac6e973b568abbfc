"""Thin views of the handover page: access helper → form → service → redirect (re-render
keeping input on refusal). The forms are shown in the solutions' form template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from presales.handover import access, selectors, services
from presales.handover.forms import AcceptanceForm, HandoverForm, VisitForm
from presales.handover.models import AcceptanceReport, Handover, HandoverChecklistItem
from presales.lib.uploads import serve_file
from presales.lib.views import run_with_messages, save_form_through
from presales.opportunities.access import get_opportunity_for
from presales.opportunities.models import StageRole


def _form_page(request, handover: Handover, form, title: str, testid: str, *, multipart: bool = False):
    """A handover form on the shared form page, with the way back to the handover."""
    return render(
        request,
        "solutions/form.html",
        {
            "nav": "solutions",
            "form": form,
            "opportunity": handover.opportunity,
            "multipart": multipart,
            "title": title,
            "testid": testid,
            "cancel_url": services.handover_url(handover),
        },
    )


@login_required
def handover_detail(request, opportunity_pk):
    opportunity = get_opportunity_for(request.user, opportunity_pk)
    handover = getattr(opportunity, "handover", None) if hasattr(opportunity, "handover") else None
    context = {"nav": "solutions", "opportunity": opportunity}
    if handover is None:
        context["can_start"] = access.can_start_handover(request.user, opportunity)
        context["in_implementation"] = opportunity.in_stage_role(StageRole.IMPLEMENTATION)
        return render(request, "handover/handover.html", context)
    handover.opportunity = opportunity
    context.update(selectors.handover_detail(request.user, handover))
    report = context["report"]
    context.update(
        {
            "visit_form": VisitForm(initial={"engineer": request.user}),
            "acceptance_form": AcceptanceForm(instance=report),
            "submit_url": reverse("handover:acceptance_submit", args=[report.pk]) if report else "",
            "can_submit_report": bool(report and context["can_change"] and report.status in ("draft", "returned")),
        }
    )
    return render(request, "handover/handover.html", context)


@login_required
@require_POST
def handover_start(request, opportunity_pk):
    opportunity = get_opportunity_for(request.user, opportunity_pk)
    run_with_messages(
        request,
        lambda: services.handover_start(opportunity=opportunity, user=request.user),
        _("Handover to implementation started."),
    )
    return redirect("handover:detail", opportunity.pk)


@login_required
def handover_edit(request, pk):
    handover = access.get_handover_for(request.user, pk, "change")
    form = HandoverForm(request.POST or None, request.FILES or None, instance=handover)
    if request.method == "POST" and form.is_valid():

        def call():
            services.handover_update(
                handover=handover,
                user=request.user,
                data=form.cleaned_data,
                team=form.cleaned_data["implementation_team"],
                plan=form.cleaned_data.get("plan"),
                seen_version=form.cleaned_data["version"],
            )

        if save_form_through(form, call, current_version=lambda: Handover.objects.get(pk=pk).version):
            messages.success(request, _("Handover saved."))
            return redirect(services.handover_url(handover))
    return _form_page(request, handover, form, _("Handover to implementation"), "handover-form", multipart=True)


@login_required
def handover_plan(request, pk):
    handover = access.get_handover_for(request.user, pk)
    return serve_file(handover.construction_plan, handover.plan_name)


@login_required
@require_POST
def checklist_toggle(request, pk):
    item = get_object_or_404(HandoverChecklistItem.objects.select_related("handover"), pk=pk)
    handover = access.get_handover_for(request.user, item.handover_id, "change")
    services.checklist_set(
        item=item,
        user=request.user,
        handed_over=request.POST.get("handed_over") == "1",
        note=request.POST.get("note"),
    )
    return redirect(services.handover_url(handover) + "#checklist")


@login_required
@require_POST
def checklist_add(request, pk):
    handover = access.get_handover_for(request.user, pk, "change")
    run_with_messages(
        request,
        lambda: services.checklist_add(handover=handover, user=request.user, name=request.POST.get("name", "")),
        _("Checklist item added."),
    )
    return redirect(services.handover_url(handover) + "#checklist")


@login_required
def visit_create(request, pk):
    handover = access.get_handover_for(request.user, pk, "change")
    form = VisitForm(request.POST or None, initial={"engineer": request.user})
    if request.method == "POST" and form.is_valid():
        if save_form_through(
            form, lambda: services.visit_add(handover=handover, user=request.user, data=form.cleaned_data)
        ):
            messages.success(request, _("Support visit recorded."))
            return redirect(services.handover_url(handover) + "#visits")
    return _form_page(request, handover, form, _("On-site support visit"), "visit-form")


@login_required
def acceptance_edit(request, pk):
    handover = access.get_handover_for(request.user, pk, "change")
    report = AcceptanceReport.objects.filter(handover=handover).first()
    form = AcceptanceForm(request.POST or None, request.FILES or None, instance=report)
    if request.method == "POST" and form.is_valid():
        upload = request.FILES.get("file")

        def call():
            services.acceptance_save(
                handover=handover,
                user=request.user,
                data=form.cleaned_data,
                file=upload,
                seen_version=form.cleaned_data["version"],
            )

        def current_version():
            return AcceptanceReport.objects.get(handover=handover).version

        if save_form_through(form, call, current_version=current_version):
            messages.success(request, _("Acceptance report saved."))
            return redirect(services.handover_url(handover) + "#acceptance")
    return _form_page(request, handover, form, _("Acceptance report"), "acceptance-form", multipart=True)


@login_required
@require_POST
def acceptance_submit(request, pk):
    report = access.get_acceptance_for(request.user, pk, "change")
    run_with_messages(
        request,
        lambda: services.acceptance_submit(report=report, user=request.user, note=request.POST.get("note", "")),
        _("Acceptance report sent for confirmation."),
    )
    return redirect(services.handover_url(report.handover) + "#acceptance")


@login_required
def acceptance_download(request, pk):
    report = access.get_acceptance_for(request.user, pk)
    if not report.file:
        raise Http404
    return serve_file(report.file, report.file_name)
