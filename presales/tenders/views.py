"""Thin views: access helper → form → service → redirect (re-render keeping input on refusal)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from presales.lib.audit import history_rows
from presales.lib.paging import list_page
from presales.lib.sections import sections_for
from presales.lib.uploads import serve_file
from presales.lib.views import (
    create_through,
    form_errors_to_messages,
    get_or_404,
    run_with_messages,
    save_form_through,
)
from presales.opportunities.access import get_opportunity_for
from presales.tenders import access, selectors, services
from presales.tenders.forms import (
    AwardForm,
    CancelForm,
    DecisionForm,
    LossForm,
    LotForm,
    PackageDocumentForm,
    PackageFileForm,
    PackageItemAddForm,
    PackageItemForm,
    ReviewForm,
    ScoreForm,
    TaskForm,
    TaskStatusForm,
    TeamMemberForm,
    TenderFileForm,
    TenderForm,
)
from presales.tenders.models import (
    BidCriterion,
    BidTask,
    BidTeamMember,
    Lot,
    PackageItem,
    Tender,
    TenderFile,
    TenderOutcome,
    TenderReview,
    TenderStatus,
)


def _url(tender: Tender, anchor: str = "") -> str:
    return reverse("tenders:detail", args=[tender.pk]) + (f"#{anchor}" if anchor else "")


def _child[M](request, model: type[M], pk, action: str = "work", **related) -> tuple[M, Tender]:
    """A row of a tender (a lot, a file, a review…) if the user sees its tender (else 404)
    and may do `action` on it (else 403)."""
    row = get_or_404(model.objects.select_related("tender"), pk=pk, **related)
    tender = access.get_tender_for(request.user, row.tender_id, "view")
    if action != "view":
        access.require(request.user, action, tender)
    row.tender = tender
    return row, tender


@login_required
def tender_list(request):
    rows = selectors.tender_list(request.user, request.GET)
    page = list_page(request, rows)
    return render(
        request,
        "tenders/list.html",
        {
            "nav": "tenders",
            **page,
            "q": request.GET.get("q", "")[:100],
            "status": request.GET.get("status", "open"),
            "deadline": request.GET.get("deadline", ""),
            "statuses": TenderStatus.choices,
        },
    )


@login_required
def tender_detail(request, pk):
    tender = access.get_tender_for(request.user, pk)
    context = selectors.tender_detail(tender, request.user)
    context.update(
        {
            "nav": "tenders",
            "sections": sections_for("tender", tender, request.user),
            "file_form": TenderFileForm(),
            "lot_form": LotForm(),
            "team_form": TeamMemberForm(),
            "task_form": TaskForm(),
            "package_add_form": PackageItemAddForm(),
            "history": history_rows(tender),
        }
    )
    return render(request, "tenders/detail.html", context)


@login_required
def tender_register(request, opportunity_pk):
    opportunity = get_opportunity_for(request.user, opportunity_pk, "contribute")
    form = TenderForm(request.POST or None, initial={"buyer": opportunity.customer.name, "version": 0})
    if request.method == "POST" and form.is_valid():
        tender = create_through(
            form, lambda: services.tender_register(opportunity=opportunity, user=request.user, data=form.cleaned_data)
        )
        if tender is not None:
            messages.success(request, _("Tender registered."))
            return redirect(_url(tender))
    return render(
        request,
        "tenders/form.html",
        {"nav": "tenders", "form": form, "title": _("Register a tender"), "opportunity": opportunity,
         "cancel_url": reverse("opportunities:detail", args=[opportunity.pk]), "testid": "tender-form"},
    )  # fmt: skip


@login_required
def tender_edit(request, pk):
    tender = access.get_tender_for(request.user, pk, "edit")
    form = TenderForm(request.POST or None, instance=tender)
    if request.method == "POST" and form.is_valid():
        call = lambda: services.tender_update(  # noqa: E731
            tender=tender, user=request.user, data=form.cleaned_data, seen_version=form.cleaned_data.get("version")
        )
        if save_form_through(form, call, current_version=lambda: Tender.objects.get(pk=tender.pk).version):
            messages.success(request, _("Tender saved."))
            return redirect(_url(tender))
    return render(
        request,
        "tenders/form.html",
        {"nav": "tenders", "form": form, "title": _("Edit tender"), "opportunity": tender.opportunity,
         "tender": tender, "cancel_url": _url(tender), "testid": "tender-form"},
    )  # fmt: skip


# Files and lots -----------------------------------------------------------------------------


@login_required
@require_POST
def file_add(request, pk):
    tender = access.get_tender_for(request.user, pk, "edit")
    form = TenderFileForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        run_with_messages(
            request,
            lambda: services.tender_file_add(
                tender=tender, user=request.user, file=data["file"], kind=data["kind"], note=data["note"]
            ),
            _("File added."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect(_url(tender, "files"))


@login_required
def file_download(request, file_pk):
    row, _tender = _child(request, TenderFile, file_pk, "view")
    return serve_file(row.file, row.original_name)


@login_required
@require_POST
def file_remove(request, file_pk):
    row, tender = _child(request, TenderFile, file_pk, "edit")
    run_with_messages(
        request, lambda: services.tender_file_remove(tender_file=row, user=request.user), _("File removed.")
    )
    return redirect(_url(tender, "files"))


@login_required
@require_POST
def lot_add(request, pk):
    tender = access.get_tender_for(request.user, pk, "work")
    form = LotForm(request.POST)
    if form.is_valid():
        run_with_messages(
            request, lambda: services.lot_add(tender=tender, user=request.user, data=form.cleaned_data), _("Lot added.")
        )
    else:
        form_errors_to_messages(request, form)
    return redirect(_url(tender, "lots"))


@login_required
def lot_edit(request, lot_pk):
    lot, tender = _child(request, Lot, lot_pk)
    form = LotForm(request.POST or None, instance=lot)
    if request.method == "POST" and form.is_valid():
        if save_form_through(form, lambda: services.lot_update(lot=lot, user=request.user, data=form.cleaned_data)):
            messages.success(request, _("Lot saved."))
            return redirect(_url(tender, "lots"))
    return render(
        request,
        "tenders/form.html",
        {"nav": "tenders", "form": form, "title": _("Edit lot"), "tender": tender,
         "opportunity": tender.opportunity, "cancel_url": _url(tender, "lots"), "testid": "lot-form"},
    )  # fmt: skip


@login_required
@require_POST
def lot_remove(request, lot_pk):
    lot, tender = _child(request, Lot, lot_pk)
    run_with_messages(request, lambda: services.lot_remove(lot=lot, user=request.user), _("Lot removed."))
    return redirect(_url(tender, "lots"))


# The decision -------------------------------------------------------------------------------


@login_required
@require_POST
def score(request, pk, criterion_pk):
    tender = access.get_tender_for(request.user, pk, "work")
    criterion = get_or_404(BidCriterion.objects.filter(is_active=True), pk=criterion_pk)
    form = ScoreForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        run_with_messages(
            request,
            lambda: services.decision_score(
                tender=tender, user=request.user, criterion=criterion, score=data["score"], note=data["note"]
            ),
            _("Score saved."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect(_url(tender, "decision"))


@login_required
def decide(request, pk):
    """The manager's decision, on its own page beside the scores and the recommendation."""
    tender = access.get_tender_for(request.user, pk, "decide")
    context = selectors.tender_detail(tender, request.user)
    decision = context["decision"]
    form = DecisionForm(request.POST or None, initial={"version": decision.version if decision else 0})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = lambda: services.decision_record(  # noqa: E731
            tender=tender,
            user=request.user,
            decision=data["decision"],
            reason=data["reason"],
            seen_version=data.get("version"),
        )
        if save_form_through(form, call):
            messages.success(request, _("Decision recorded."))
            return redirect(_url(tender, "decision"))
    context.update({"nav": "tenders", "form": form, "cancel_url": _url(tender, "decision")})
    return render(request, "tenders/decide.html", context)


# Team and tasks -----------------------------------------------------------------------------


@login_required
@require_POST
def team_add(request, pk):
    tender = access.get_tender_for(request.user, pk, "team")
    form = TeamMemberForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        run_with_messages(
            request,
            lambda: services.team_add(tender=tender, user=request.user, member=data["member"], role=data["role"]),
            _("Added to the bid team."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect(_url(tender, "team"))


@login_required
@require_POST
def team_remove(request, member_pk):
    member, tender = _child(request, BidTeamMember, member_pk, "team")
    run_with_messages(
        request, lambda: services.team_remove(member=member, user=request.user), _("Removed from the bid team.")
    )
    return redirect(_url(tender, "team"))


@login_required
@require_POST
def task_add(request, pk):
    tender = access.get_tender_for(request.user, pk, "work")
    form = TaskForm(request.POST)
    if form.is_valid():
        run_with_messages(
            request,
            lambda: services.task_add(tender=tender, user=request.user, data=form.cleaned_data),
            _("Task added."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect(_url(tender, "team"))


@login_required
@require_POST
def task_status(request, task_pk):
    task, tender = _child(request, BidTask, task_pk, "view")
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        run_with_messages(
            request,
            lambda: services.task_update(task=task, user=request.user, data={"status": form.cleaned_data["status"]}),
            _("Task saved."),
        )
    else:
        form_errors_to_messages(request, form, labels=False)
    return redirect(_url(tender, "team"))


# The package --------------------------------------------------------------------------------


@login_required
@require_POST
def package_add(request, pk):
    tender = access.get_tender_for(request.user, pk, "work")
    form = PackageItemAddForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        run_with_messages(
            request,
            lambda: services.package_item_add(tender=tender, user=request.user, item_type=data["item_type"], data=data),
            _("Added to the bid package."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect(_url(tender, "package"))


def _library_documents(user):
    from presales.knowledge.access import documents_visible_to
    from presales.knowledge.models import DocumentStatus

    return (
        documents_visible_to(user)
        .filter(status=DocumentStatus.PUBLISHED)
        .select_related("folder")
        .order_by("title", "pk")
    )


@login_required
def package_edit(request, item_pk):
    item, tender = _child(request, PackageItem, item_pk, "view")
    if not (access.can_work_on(request.user, tender) or (tender.is_working and item.owner_id == request.user.pk)):
        access.require(request.user, "work", tender)
    form = PackageItemForm(request.POST or None, instance=item)
    file_form = PackageFileForm(prefix="file")
    document_form = PackageDocumentForm(prefix="doc", documents=_library_documents(request.user)[:500])
    if request.method == "POST" and form.is_valid():
        call = lambda: services.package_item_update(  # noqa: E731
            item=item, user=request.user, data=form.cleaned_data, seen_version=form.cleaned_data.get("version")
        )
        if save_form_through(form, call, current_version=lambda: PackageItem.objects.get(pk=item.pk).version):
            messages.success(request, _("Bid package item saved."))
            return redirect(_url(tender, "package"))
    return render(
        request,
        "tenders/package_item.html",
        {"nav": "tenders", "form": form, "file_form": file_form, "document_form": document_form, "item": item,
         "tender": tender, "opportunity": tender.opportunity, "cancel_url": _url(tender, "package")},
    )  # fmt: skip


@login_required
@require_POST
def package_file(request, item_pk):
    item, tender = _child(request, PackageItem, item_pk, "view")
    form = PackageFileForm(request.POST, request.FILES, prefix="file")
    if form.is_valid():
        run_with_messages(
            request,
            lambda: services.package_item_attach_file(item=item, user=request.user, file=form.cleaned_data["file"]),
            _("File attached."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect(_url(tender, "package"))


@login_required
@require_POST
def package_document(request, item_pk):
    item, tender = _child(request, PackageItem, item_pk, "view")
    form = PackageDocumentForm(request.POST, prefix="doc", documents=_library_documents(request.user))
    if form.is_valid():
        run_with_messages(
            request,
            lambda: services.package_item_attach_document(
                item=item, user=request.user, document=form.cleaned_data["document"]
            ),
            _("Library document attached."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect(_url(tender, "package"))


@login_required
def package_download(request, item_pk):
    item, _tender = _child(request, PackageItem, item_pk, "view")
    return serve_file(item.file, item.original_name)


# Reviews and submission ---------------------------------------------------------------------


@login_required
@require_POST
def review(request, review_pk):
    row, tender = _child(request, TenderReview, review_pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        run_with_messages(
            request,
            lambda: services.review_set_result(
                review=row,
                user=request.user,
                result=data["result"],
                comment=data["comment"],
                seen_version=data.get("version"),
            ),
            _("Review check saved."),
        )
    else:
        form_errors_to_messages(request, form, labels=False)
    return redirect(_url(tender, "reviews"))


@login_required
@require_POST
def submit(request, pk):
    tender = access.get_tender_for(request.user, pk, "work")
    run_with_messages(
        request, lambda: services.tender_mark_submitted(tender=tender, user=request.user), _("Bid marked submitted.")
    )
    return redirect(_url(tender))


# Outcome ------------------------------------------------------------------------------------


def _outcome_page(request, tender, form, title, testid):
    return render(
        request,
        "tenders/form.html",
        {"nav": "tenders", "form": form, "title": title, "tender": tender, "opportunity": tender.opportunity,
         "cancel_url": _url(tender), "testid": testid, "multipart": True},
    )  # fmt: skip


@login_required
def award(request, pk):
    tender = access.get_tender_for(request.user, pk, "outcome")
    form = AwardForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = create_through(
            form,
            lambda: services.outcome_award(
                tender=tender,
                user=request.user,
                file=data["file"],
                decided_on=data["decided_on"],
                amount=data["amount"],
            ),
        )
        if done is not None:
            messages.success(request, _("Award recorded."))
            return redirect(_url(tender))
    return _outcome_page(request, tender, form, _("Record the award"), "award-form")


@login_required
def loss(request, pk):
    tender = access.get_tender_for(request.user, pk, "outcome")
    form = LossForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = create_through(
            form,
            lambda: services.outcome_loss(
                tender=tender,
                user=request.user,
                winning_competitor=data["winning_competitor"],
                winning_price=data["winning_price"],
                reasons=data["reasons"],
                decided_on=data["decided_on"],
            ),
        )
        if done is not None:
            messages.success(request, _("Loss recorded: the opportunity is closed as lost."))
            return redirect(_url(tender))
    return _outcome_page(request, tender, form, _("Record the loss"), "loss-form")


@login_required
def cancel(request, pk):
    tender = access.get_tender_for(request.user, pk, "outcome")
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if save_form_through(
            form, lambda: services.tender_cancel(tender=tender, user=request.user, reason=form.cleaned_data["reason"])
        ):
            messages.success(request, _("Tender cancelled."))
            return redirect(_url(tender))
    return _outcome_page(request, tender, form, _("Cancel the tender"), "cancel-form")


@login_required
def outcome_download(request, pk):
    tender = access.get_tender_for(request.user, pk)
    outcome = get_or_404(TenderOutcome.objects, tender=tender)
    return serve_file(outcome.file, outcome.original_name)
