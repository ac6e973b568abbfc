"""The "my approvals" inbox, and decide/withdraw from the inbox or the object's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from presales.approvals import selectors, services
from presales.approvals.models import Approval, ApprovalStep
from presales.approvals.registry import hooks_for
from presales.lib.forms import id_from
from presales.lib.views import get_or_404, run_with_messages

TABS = ("pending", "submitted", "decided")


@login_required
def inbox(request):
    tab = request.GET.get("tab", "pending")
    if tab not in TABS:
        tab = "pending"
    user = request.user
    if tab == "pending":
        rows = selectors.my_pending_assignments(user)
    elif tab == "submitted":
        rows = selectors.my_submissions(user).order_by("-submitted_at")
    else:
        rows = selectors.my_decisions(user)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "approvals/inbox.html",
        {"nav": "approvals", "tab": tab, "page": page, "query": f"tab={tab}"},
    )


def _back(request, approval: Approval) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    if approval.target is None:
        return "/approvals/"
    return hooks_for(approval.target_type.model_class()).url(approval.target) or "/approvals/"


def _visible_approval(request, pk) -> Approval:
    approval = get_or_404(Approval.objects.select_related("target_type"), pk=pk)
    if not selectors.can_view(request.user, approval):
        raise Http404
    return approval


@login_required
@require_POST
def decide(request, pk):
    approval = _visible_approval(request, pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):  # never read a missing decision as a rejection
        messages.error(request, _("Choose Approve or Reject."))
        return redirect(_back(request, approval))
    step = None
    if request.POST.get("step"):
        step = get_or_404(ApprovalStep.objects, pk=id_from(request.POST["step"]), approval=approval)
    approve = decision == "approve"
    done = _("Approved: %(title)s") if approve else _("Rejected: %(title)s")
    run_with_messages(
        request,
        lambda: services.approval_decide(
            approval=approval, user=request.user, approve=approve, comment=request.POST.get("comment", ""), step=step
        ),
        done % {"title": approval.title},
    )
    return redirect(_back(request, approval))


@login_required
@require_POST
def withdraw(request, pk):
    approval = _visible_approval(request, pk)
    run_with_messages(
        request,
        lambda: services.approval_withdraw(approval=approval, user=request.user, reason=request.POST.get("reason", "")),
        _("Withdrawn from approval: %(title)s") % {"title": approval.title},
    )
    return redirect(_back(request, approval))


@login_required
def approval_open(request, pk):
    """From an inbox row or a notification to the object's page, where the panel is."""
    approval = _visible_approval(request, pk)
    if approval.target is None:
        messages.info(request, _("“%(title)s” has been deleted; its approval has ended.") % {"title": approval.title})
        return redirect("approvals:inbox")
    url = hooks_for(approval.target_type.model_class()).url(approval.target)
    if not url:
        raise Http404
    return redirect(url)
