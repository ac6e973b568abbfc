"""Rows for the list tests (sort, search, exports, query counts): for each opportunity, a
customer, a service request, a solution, a quote with one version and a contract with one
actual cost. Opportunities and customers go through their services; the other rows are
written directly (their own apps test their services), with values that do not grow with
the id, so an order by value is never the order by id by accident."""

from __future__ import annotations

import datetime
from decimal import Decimal

from presales.contracts.models import ActualCost, Contract, ContractKind, ContractStatus
from presales.quotes.models import Quote, QuoteVersion, VersionStatus
from presales.service_requests.models import RequestStatus, RequestType, ServiceRequest
from presales.solutions.models import Solution, SolutionStatus
from presales.testing import make_customer, make_opportunity

DAY = datetime.date(2026, 3, 1)


def _pick(choices, i: int):
    return list(choices)[i % len(choices)]


class ListRows:
    def __init__(self, *owners):
        self.owners = owners
        self.made = 0
        self.opportunities = []

    def add(self, count: int, *, owner=None) -> list:
        made = []
        for _ in range(count):
            i = self.made
            self.made += 1
            scrambled = (i * 7) % 11 + i // 11 * 11  # not in id order, and distinct
            user = owner or self.owners[i % len(self.owners)]
            customer = make_customer(
                user, f"客户{scrambled:03d}", short_name=f"简{(i * 5) % 13:02d}", region=f"地区{(i * 3) % 7}"
            )
            opportunity = make_opportunity(
                user,
                customer,
                name=f"项目{(i * 3) % 17:02d}-{i}",
                expected_amount=Decimal(100000 + scrambled * 1000),
                expected_sign_date=DAY + datetime.timedelta(days=scrambled),
            )
            ServiceRequest.objects.create(
                code=f"SR-{(i * 5) % 13:02d}-{i}",
                customer=customer,
                opportunity=opportunity,
                request_type=_pick(RequestType.values, i),
                title=f"需求{scrambled:03d}",
                content="现场勘察",
                wanted_by=DAY + datetime.timedelta(days=(i * 5) % 9),
                due_date=DAY + datetime.timedelta(days=scrambled) if i % 2 else None,
                status=_pick(RequestStatus.values, i),
                requested_by=user,
            )
            Solution.objects.create(
                opportunity=opportunity,
                code=f"S-{(i * 5) % 13:02d}-{i}",
                title=f"方案{scrambled:03d}",
                status=_pick(SolutionStatus.values, i),
                due_date=DAY + datetime.timedelta(days=(i * 3) % 7),
                created_by=user,
            )
            quote = Quote.objects.create(
                opportunity=opportunity, code=f"Q-{(i * 5) % 13:02d}-{i}", title=f"报价{scrambled:03d}", created_by=user
            )
            QuoteVersion.objects.create(
                quote=quote,
                number=1,
                status=_pick(VersionStatus.values, i),
                total_amount=Decimal(200000 + scrambled * 100),
                total_cost=Decimal(150000 + scrambled * 50),
                created_by=user,
            )
            contract = Contract.objects.create(
                opportunity=opportunity,
                kind=_pick(ContractKind.values, i),
                number=f"HT-{(i * 5) % 13:02d}-{i}",
                title=f"合同{scrambled:03d}",
                party_a=customer.name,
                amount=Decimal(300000 + scrambled * 1000),
                status=_pick(ContractStatus.values, i),
                signed_on=DAY + datetime.timedelta(days=(i * 3) % 7),
                created_by=user,
            )
            ActualCost.objects.create(
                contract=contract,
                category="equipment",
                amount=Decimal(100000 + i * 10),
                incurred_on=DAY,
                entered_by=user,
            )
            made.append(opportunity)
        self.opportunities += made
        return made
