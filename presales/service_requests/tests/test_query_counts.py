"""The dispatch page and the request list read a fixed number of queries however many rows."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from presales.service_requests.models import RequestStatus, ServiceRequest
from presales.testing import make_user

pytestmark = pytest.mark.django_db
MAX_QUERIES = {"dispatch": 16, "list": 14}
STATUSES = [RequestStatus.SUBMITTED, RequestStatus.ASSIGNED, RequestStatus.ACCEPTED, RequestStatus.IN_PROGRESS,
            RequestStatus.DELIVERED, RequestStatus.CLOSED]  # fmt: skip


class Rows:
    def __init__(self, *, rep, opportunity, engineers):
        self.rep, self.opportunity, self.engineers = rep, opportunity, engineers
        self.next = 0

    def add(self, n: int) -> None:
        today = timezone.localdate()
        rows = []
        for i in range(self.next, self.next + n):
            status = STATUSES[i % len(STATUSES)]
            assignee = None if status == RequestStatus.SUBMITTED else self.engineers[i % len(self.engineers)]
            rows.append(
                ServiceRequest(
                    code=f"SR-2099-{i:04d}",
                    opportunity=self.opportunity if i % 2 else None,
                    customer=self.opportunity.customer,
                    request_type="solution_design",
                    title=f"批量请求{i:04d}",
                    content="内容",
                    wanted_by=today + timedelta(days=i % 10 - 4),
                    due_date=today + timedelta(days=i % 10 - 5) if i % 3 else None,
                    estimated_hours=Decimal(i % 8 + 1),
                    status=status,
                    requested_by=self.rep,
                    assignee=assignee,
                )
            )
        ServiceRequest.objects.bulk_create(rows)
        self.next += n


def measure(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response


@pytest.fixture
def rows(rep, opportunity, engineer, other_engineer):
    extra = [make_user(f"eng{i}", "presales_engineer", full_name=f"工程师{i}") for i in range(3)]
    return Rows(rep=rep, opportunity=opportunity, engineers=[engineer, other_engineer, *extra])


def test_dispatch_query_count_is_flat(client, manager, rows):
    client.force_login(manager)
    rows.add(12)
    few, response = measure(client, reverse("service_requests:dispatch"))
    assert response.text.count('data-testid="unassigned-row"') == 2
    assert response.text.count('data-testid="engineer-row"') == 5
    rows.add(190)  # 34 waiting for an engineer: the first page of them
    many, response = measure(client, reverse("service_requests:dispatch"))
    assert response.text.count('data-testid="unassigned-row"') == 25
    assert few == many, f"dispatch: {few} queries with few rows, {many} with many"
    assert many <= MAX_QUERIES["dispatch"], many


def test_engineer_load_is_right(manager, rows, engineer):
    from presales.service_requests.selectors import engineers_with_load

    rows.add(30)
    load = {e.username: e for e in engineers_with_load()}
    mine = ServiceRequest.objects.filter(
        assignee=engineer, status__in=[RequestStatus.ASSIGNED, RequestStatus.ACCEPTED, RequestStatus.IN_PROGRESS]
    )
    assert load["engineer"].open_count == mine.count() > 0
    assert load["engineer"].open_hours == sum(r.estimated_hours for r in mine)
    assert load["engineer"].overdue_count == sum(1 for r in mine if r.is_overdue)
    assert load["engineer"].next_due == min(r.effective_due for r in mine)
    assert "manager" not in load  # the load table lists engineers


@pytest.mark.parametrize("persona", ["rep", "manager"])
def test_list_query_count_is_flat(client, rows, request, persona):
    client.force_login(request.getfixturevalue(persona))
    rows.add(10)
    few, response = measure(client, reverse("service_requests:list"))
    assert response.text.count('data-testid="request-row"') == 10
    rows.add(120)
    many, response = measure(client, reverse("service_requests:list"))
    assert response.text.count('data-testid="request-row"') == 50
    assert few == many, f"list: {few} queries with few rows, {many} with many"
    assert many <= MAX_QUERIES["list"]


def test_detail_query_count_is_flat(client, rep, opportunity, manager, engineer):
    from presales.service_requests import events as request_events
    from presales.service_requests import services
    from presales.service_requests.models import ServiceRequestAttachment
    from presales.service_requests.tests.conftest import file_request

    sr = file_request(rep, opportunity=opportunity)
    client.force_login(manager)
    url = reverse("service_requests:detail", args=[sr.pk])
    few, _ = measure(client, url)
    for i in range(40):
        request_events.edited(sr, rep if i % 2 else manager, ["title"])
    ServiceRequestAttachment.objects.bulk_create(
        [ServiceRequestAttachment(request=sr, file=f"x/{i}.pdf", uploaded_by=rep) for i in range(20)]
    )
    services.request_assign(request=sr, user=manager, engineer=engineer)
    many, response = measure(client, url)
    assert response.text.count("19.pdf") == 1
    assert few == many, f"detail: {few} queries with few rows, {many} with many"
