from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from presales.notifications import services
from presales.notifications.models import Notification


@login_required
def notification_list(request):
    rows = Notification.objects.filter(recipient=request.user).select_related("actor")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"nav": "notifications", "page": page, "query": ""})


@login_required
def notification_open(request, pk):
    """Mark it read and go where it points."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    services.mark_read(user=request.user)
    return redirect("notifications:list")
