"""The service requests (服务请求) of the demo, through the service requests' services: filed by
sales, dispatched by the presales manager, accepted, worked and delivered by an engineer,
with the site survey or the requirements form the seed's 售前部门工作流程 asks for. Finished
requests of past stages, and the requests open today in every status. Their dates follow
the back-dating (steps.backdate).
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from presales.demo.context import DemoContext
from presales.demo.data.customers import group_of
from presales.demo.data.people import PRESALES_MANAGER
from presales.demo.data.requests import (
    CURRENT_REQUESTS,
    DELIVERY_NOTES,
    REQUEST_CONTENT,
    REQUEST_TYPES_TITLE,
    REQUIREMENTS,
    SURVEYS,
)
from presales.demo.steps.people import engineer_for
from presales.demo.steps.plan import Plan
from presales.service_requests import services as sr_services
from presales.service_requests.models import RequestStatus, ServiceRequest


def build_request(
    ctx: DemoContext,
    *,
    opportunity,
    customer,
    requester,
    kind: str,
    group: str,
    words: dict,
    final: str,
    engineer=None,
    survey: bool = False,
    wanted_by: date,
    hours: int = 16,
    declined_by=None,
    priority: str = "normal",
    reason: str = "",
) -> ServiceRequest:
    """One request's life up to `final` (a RequestStatus value)."""
    manager = ctx.users[PRESALES_MANAGER]
    name = opportunity.name if opportunity else customer.name
    fill = {**words, "name": name, "short": customer.short_name or customer.name}
    contacts = list(customer.contacts.all()[:1])
    sr = sr_services.request_create(
        user=requester,
        data={
            "opportunity": opportunity,
            "customer": customer,
            "request_type": kind,
            "title": REQUEST_TYPES_TITLE[kind].format(**fill)[:200],
            "content": REQUEST_CONTENT[kind].format(**fill),
            "contact_name": contacts[0].name if contacts else "",
            "contact_phone": contacts[0].phone if contacts else "",
            "site_address": customer.address or customer.region,
            "wanted_by": wanted_by,
            "priority": priority,
        },
    )
    if final == RequestStatus.SUBMITTED:
        return sr
    if final == RequestStatus.REJECTED:
        return sr_services.request_reject(request=sr, user=manager, reason=reason)
    if declined_by is not None:
        sr = sr_services.request_assign(
            request=sr, user=manager, engineer=declined_by, estimated_hours=Decimal(hours), survey_needed=survey
        )
        sr = sr_services.request_decline(
            request=sr, user=declined_by, reason="本周在外地配合投标现场，无法按期响应，请另行安排。"
        )
    sr = sr_services.request_assign(
        request=sr,
        user=manager,
        engineer=engineer,
        estimated_hours=Decimal(hours),
        due_date=wanted_by,
        survey_needed=survey,
    )
    if final == RequestStatus.CANCELLED:
        return sr_services.request_cancel(request=sr, user=requester, reason=reason)
    if (
        not survey
        and kind in ("solution_design", "demo", "technical_qa")
        and (final != RequestStatus.ASSIGNED or ctx.workflow_rng.random() < 0.5)
    ):
        sr_services.requirements_save(
            request=sr,
            user=requester,
            data={
                **{
                    key: value.format(**fill)
                    for key, value in REQUIREMENTS["power" if group == "power" else "it"].items()
                },
                "budget_range": f"约{round((opportunity.expected_amount if opportunity else 500000) / 10000)}万元",
                "schedule": "年内完成招标，次年一季度实施",
            },
        )
    if final == RequestStatus.ASSIGNED:
        return sr
    sr = sr_services.request_accept(request=sr, user=engineer)
    if final == RequestStatus.ACCEPTED:
        return sr
    sr = sr_services.request_start(request=sr, user=engineer)
    if survey:
        numbers = {
            "short": customer.short_name or customer.name,
            "year": ctx.workflow_rng.randint(2006, 2014),
            "age": ctx.workflow_rng.randint(8, 15),
            "ah": ctx.workflow_rng.choice([200, 300, 400, 500]),
            "pct": ctx.workflow_rng.randint(62, 88),
            "load": ctx.workflow_rng.randint(15, 40),
            "peak": ctx.workflow_rng.randint(40, 90),
            "area": ctx.workflow_rng.randint(18, 40),
            "servers": ctx.workflow_rng.randint(20, 60),
            "tb": ctx.workflow_rng.choice([40, 60, 80, 120]),
            "points": ctx.workflow_rng.choice([800, 1200, 2600, 4500]),
            "share": ctx.workflow_rng.randint(25, 60),
            "systems": ctx.workflow_rng.randint(12, 40),
        }
        texts = {key: value.format(**numbers) for key, value in SURVEYS[group].items()}
        contact = contacts[0] if contacts else None
        sr_services.survey_save(
            request=sr,
            user=engineer,
            data={
                "surveyed_on": ctx.today,
                "place": f"{customer.short_name or customer.name}{words.get('site', '现场')}",
                "people_met": f"{contact.name}（{contact.title}）；运维人员2名" if contact else "客户运维人员",
                **texts,
            },
        )
    if final == RequestStatus.IN_PROGRESS:
        return sr
    sr = sr_services.request_deliver(request=sr, user=engineer, note=DELIVERY_NOTES[kind])
    if final == RequestStatus.DELIVERED:
        return sr
    return sr_services.request_close(request=sr, user=requester, comment="已收到，谢谢支持")


def history_request(ctx: DemoContext, opportunity, plan: Plan, words: dict, kind: str) -> None:
    """A request filed and finished inside the stretch being built (dates fixed later)."""
    group = group_of(plan.business, opportunity.customer.industry)
    survey = kind in ("solution_design", "site_survey") and ctx.workflow_rng.random() < 0.6 or kind == "site_survey"
    lead = ctx.users[plan.lead] if plan.lead else engineer_for(ctx, plan)
    days = ctx.workflow_rng.randint(5, 15)
    sr = build_request(
        ctx,
        opportunity=opportunity,
        customer=opportunity.customer,
        requester=ctx.users[plan.owner],
        kind=kind,
        group=group,
        words=words,
        final=RequestStatus.CLOSED,
        engineer=lead,
        survey=survey,
        wanted_by=ctx.day(0.5),
        hours=ctx.workflow_rng.choice([8, 16, 24, 40]),
    )
    ctx.made.history_requests.append((sr.pk, days))


def current_requests(ctx: DemoContext, candidates: list[tuple[object, Plan, dict]]) -> None:
    """Requests in every status, filed in the last weeks, for the opportunities still before
    实施 (`candidates`: opportunity, plan, words): data.requests.CURRENT_REQUESTS."""
    power = [c for c in candidates if c[1].business == "power"]
    it = [c for c in candidates if c[1].business == "it"]
    picks = {"power": itertools.cycle(power), "it": itertools.cycle(it)}
    used: set[int] = set()

    def pick(line: str, industry: str | None):
        preferred = [c for c in candidates if c[0].customer.industry == industry and c[0].pk not in used]
        chosen = preferred[0] if preferred else next(picks[line])
        used.add(chosen[0].pk)
        return chosen

    for status, line, engineer, kind, survey, ago, wanted, extra in CURRENT_REQUESTS:
        opportunity, plan, words = pick(line, extra.get("industry"))
        start = ctx.moment(ago)
        end = min(ctx.moment(max(ago - ctx.workflow_rng.randint(1, 4), 0)), ctx.now - timedelta(hours=1))
        ctx.clock.phase(start, max(end, start + timedelta(hours=2)))
        customer = opportunity.customer
        if extra.get("no_opportunity"):
            opportunity = None
        build_request(
            ctx,
            opportunity=opportunity,
            customer=customer,
            requester=ctx.users[plan.owner],
            kind=kind,
            group=group_of(plan.business, customer.industry),
            words=words,
            final=RequestStatus(status),
            engineer=ctx.users[engineer] if engineer else None,
            survey=survey,
            wanted_by=ctx.today + timedelta(days=wanted),
            hours=ctx.workflow_rng.choice([8, 12, 16, 24, 40]),
            declined_by=ctx.users[extra["declined_by"]] if "declined_by" in extra else None,
            priority=extra.get("priority", "normal"),
            reason=extra.get("reason", ""),
        )
