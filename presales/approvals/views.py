"""The "my approvals" inbox (filtered, sorted, exported, approved in bulk), and
decide/withdraw from the inbox or the object's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from presales.approvals import selectors, services
from presales.approvals.filters import SORTS
from presales.approvals.models import Approval, ApprovalStep
from presales.approvals.registry import hooks_for, kind_label_of
from presales.lib import excel
from presales.lib.forms import id_from
from presales.lib.paging import list_page
from presales.lib.views import get_or_404, next_url, run_with_messages

TABS = ("pending", "submitted", "decided")
FILTERS = ("q", "kind", "age")  # the inbox's filters (approvals.filters.InboxFilter); sort is no filter
BULK_MAX = 200  # rows ticked at once: more than a page of the inbox (50) is a crafted request


def _tab(request) -> str:
    tab = request.GET.get("tab", "pending")
    return tab if tab in TABS else "pending"


def _sort_links(request, current: str) -> dict[str, dict]:
    """The column heads' links: each keeps the filters and sorts by its column, the other
    way round when it is already the sort; `arrow` tells which way the list is sorted now."""
    links = {}
    for key in SORTS:
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if current == key else key
        arrow = "up" if current == key else "down" if current == f"-{key}" else ""
        links[key] = {"query": query.urlencode(), "arrow": arrow}
    return links


# Decisions shown per page: each row carries its own comment box and buttons.
INBOX_PAGE = 25


@login_required
def inbox(request):
    tab = _tab(request)
    user = request.user
    context = {"nav": "approvals", "tab": tab, "shows_margin": selectors.shows_margin(user)}
    if tab == "pending":
        filterset = selectors.inbox_filter(user, request.GET)
        page = list_page(request, filterset.qs, per_page=INBOX_PAGE)
        page["page"].object_list = selectors.with_row_context(page["page"].object_list, user)
        # A crafted value of one filter leaves the others and the sort applied (and shown).
        sort = ""
        if filterset.is_bound and filterset.form.errors is not None:  # errors: the form is cleaned
            sort = filterset.form.cleaned_data.get("sort") or ""
        context.update(filter=filterset, sort_links=_sort_links(request, sort), **page)
        if not any(request.GET.get(name) for name in FILTERS):
            # Unfiltered, the pager's total is the navigation's count: read it once.
            context["nav_approvals_count"] = page["total"]
    elif tab == "submitted":
        context.update(list_page(request, selectors.my_submissions(user).order_by("-submitted_at", "-pk")))
    else:
        context.update(list_page(request, selectors.my_decisions(user)))
    return render(request, "approvals/inbox.html", context)


@login_required
@require_POST
def bulk_approve(request):
    """Approve the rows ticked in the inbox, each as its own decision (approval_decide): a
    step that needs a comment, or one decided meanwhile, is refused with its reason and the
    others go through. Only the rounds the user is asked on are looked at."""
    values = request.POST.getlist("approval")
    if len(values) > BULK_MAX:
        return HttpResponseBadRequest(_("Too many approvals at once."))
    ids = {number for number in map(id_from, values) if number is not None}
    back = _inbox_back(request)
    if not ids:
        messages.warning(request, _("Tick the approvals to approve first."))
        return redirect(back)
    mine = list(
        Approval.objects.filter(pk__in=ids, steps__assignments__approver=request.user)
        .distinct()
        .select_related("target_type")
        .order_by("submitted_at", "pk")
    )
    done, refused = services.approvals_bulk_approve(user=request.user, approvals=mine)
    unknown = len(set(ids) - {a.pk for a in mine})
    if done:
        messages.success(request, ngettext("%(n)d approved.", "%(n)d approved.", len(done)) % {"n": len(done)})
    if refused or unknown:
        count = len(refused) + unknown
        lines = [f"{title}: {reason}" for title, reason in refused]
        if unknown:
            lines.append(_("%(n)d not waiting for your decision.") % {"n": unknown})
        messages.error(
            request,
            ngettext("%(n)d refused: %(reasons)s", "%(n)d refused: %(reasons)s", count)
            % {"n": count, "reasons": "；".join(lines)},
        )
    return redirect(back)


def _inbox_back(request) -> str:
    return next_url(request, reverse("approvals:inbox"))


@login_required
def export(request):
    """The tab shown, as an Excel sheet, with the same filters: what waits for the user,
    what he submitted or what he decided. The margin column only for who may see margins."""
    tab = _tab(request)
    user = request.user
    if tab == "pending":
        return _export_pending(request, user)
    if tab == "submitted":
        rows = selectors.my_submissions(user).select_related("submitted_by").order_by("-submitted_at", "-pk")
        headers = [
            _("What is approved"),
            _("Kind"),
            _("Round"),
            _("Submitted at"),
            _("Amount"),
            _("Status"),
            _("Steps"),
        ]
        data = (
            [
                ap.title,
                kind_label_of(ap.target_type),
                ap.round,
                _local(ap.submitted_at),
                excel.money(ap.amount),
                ap.get_status_display(),
                "；".join(f"{s.name}：{s.get_status_display()}" for s in ap.steps.all()),
            ]
            for ap in rows.iterator(chunk_size=500)
        )
        return excel.xlsx_stream_response("approvals-submitted.xlsx", _("Submitted by me"), headers, data)
    rows = selectors.my_decisions(user)
    headers = [_("What is approved"), _("Step"), _("Submitted by"), _("Decision"), _("Comment"), _("Decided at")]
    data = (
        [
            a.step.approval.title,
            a.step.name,
            a.step.approval.submitted_by.display_name,
            a.get_outcome_display(),
            a.shown_comment,
            _local(a.decided_at),
        ]
        for a in rows.iterator(chunk_size=500)
    )
    return excel.xlsx_stream_response("approvals-decided.xlsx", _("Decided by me"), headers, data)


def _export_pending(request, user):
    filterset = selectors.inbox_filter(user, request.GET)
    shows_margin = selectors.shows_margin(user)
    headers = [
        _("What is approved"),
        _("Kind"),
        _("Step"),
        _("Opportunity"),
        _("Submitted by"),
        _("Submitted at"),
        _("Waiting since"),
        _("Amount"),
    ]
    if shows_margin:
        headers.append(_("Margin"))

    def data():
        for a in selectors.in_chunks(filterset.qs, user):
            ap = a.step.approval
            row = [
                ap.title,
                kind_label_of(ap.target_type),
                a.step.name,
                f"{ap.opportunity.code} {ap.opportunity.name}" if ap.opportunity else "",
                ap.submitted_by.display_name,
                _local(ap.submitted_at),
                _local(a.step.started_at),
                excel.money(ap.amount),
            ]
            if shows_margin:
                row.append(excel.percent(a.margin))
            yield row

    return excel.xlsx_stream_response("approvals.xlsx", _("Waiting for me"), headers, data())


def _local(value):
    """A time as the sheet shows it: local, without the zone (Excel keeps no zone)."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _back(request, approval: Approval) -> str:
    if target := next_url(request, ""):
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
