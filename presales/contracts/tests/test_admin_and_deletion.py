"""The admin cannot orphan a contract's review, and an approval whose object is gone says so."""

from __future__ import annotations

import pytest
from django.urls import reverse

from presales.approvals.models import Approval, ApprovalStatus, StepStatus
from presales.contracts import services
from presales.contracts.models import Contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(contract, rep):
    services.contract_submit(contract=contract, user=rep, note="请审核")
    return contract


def test_the_admin_offers_no_way_to_delete_or_edit_a_contract(client, admin_user, in_review):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    change = client.get(reverse("admin:contracts_contract_change", args=[in_review.pk]))
    assert change.status_code == 200
    assert reverse("admin:contracts_contract_delete", args=[in_review.pk]) not in change.content.decode()
    assert client.get(reverse("admin:contracts_contract_delete", args=[in_review.pk])).status_code == 403
    posted = client.post(reverse("admin:contracts_contract_delete", args=[in_review.pk]), {"post": "yes"})
    assert posted.status_code == 403
    changelist = client.post(
        reverse("admin:contracts_contract_changelist"),
        {"action": "delete_selected", "_selected_action": [in_review.pk], "post": "yes"},
    )
    assert changelist.status_code in (200, 302)
    assert Contract.objects.filter(pk=in_review.pk).exists()


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:solutions_solution_delete",
        "admin:solutions_solutionversion_delete",
        "admin:handover_handover_delete",
        "admin:handover_acceptancereport_delete",
        "admin:quotes_quoteversion_delete",
    ],
)
def test_the_admin_cannot_delete_solutions_versions_handovers_reports_or_quotes(client, admin_user, url_name):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    assert client.get(reverse(url_name, args=[1])).status_code in (403, 302)


def test_deleting_the_object_ends_its_pending_approval_and_the_pages_say_so(
    client, in_review, service_mgmt, commercial, rep
):
    approval = Approval.objects.for_target(in_review).get()
    in_review.delete()  # whatever deletes it: a cascade, a shell, a future admin action
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.WITHDRAWN
    assert not approval.steps.filter(status=StepStatus.PENDING).exists()

    client.force_login(commercial)
    inbox = client.get(reverse("approvals:inbox"))
    assert inbox.status_code == 200
    assert approval.title not in inbox.content.decode()  # no longer waiting for her
    opened = client.get(reverse("approvals:open", args=[approval.pk]), follow=True)
    assert opened.status_code == 200
    assert "has been deleted" in opened.content.decode()
    decided = client.post(reverse("approvals:decide", args=[approval.pk]), {"decision": "approve"}, follow=True)
    assert decided.status_code == 200
    client.force_login(rep)
    assert client.get(reverse("approvals:inbox") + "?tab=submitted").status_code == 200
