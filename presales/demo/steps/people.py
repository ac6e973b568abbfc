"""The demo's people: departments and users created (they have no service: the admin screen
manages them), and who of them does the engineering work of a project."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from presales.accounts.models import Department, User
from presales.demo.context import DemoContext
from presales.demo.data.people import DEPARTMENT_HEADS, DEPARTMENTS, ENGINEERS, PRESALES_MANAGER, USERS
from presales.demo.steps.plan import Plan


def build_people(ctx: DemoContext) -> None:
    """Departments, their heads and the users, every one with the demo password (ctx.users)."""
    start = ctx.moment(720)
    ctx.clock.phase(start, start + timedelta(days=30))
    departments = {name: Department.objects.create(name=name) for name in DEPARTMENTS}
    groups = {group.name: group for group in Group.objects.all()}
    password = make_password(settings.PRESALES_DEMO_PASSWORD)  # hashed once: the same password for every demo user
    for spec in USERS:
        user = User.objects.create(
            username=spec.username,
            full_name=spec.full_name,
            first_name=spec.full_name[1:],
            last_name=spec.full_name[:1],
            email=f"{spec.username}@presales.example.com",
            department=departments[spec.department],
            title=spec.title,
            phone=spec.phone,
            password=password,
            is_staff=spec.superuser,
            is_superuser=spec.superuser,
            skills=spec.skills,
        )
        user.groups.add(*(groups[role] for role in spec.roles))
        ctx.users[spec.username] = user
    for name, head in DEPARTMENT_HEADS.items():
        Department.objects.filter(pk=departments[name].pk).update(head=ctx.users[head])


def engineer_for(ctx: DemoContext, plan: Plan) -> User:
    """The engineer doing the work: the lead, unless that is the manager (who signs)."""
    if plan.lead and plan.lead != PRESALES_MANAGER:
        return ctx.users[plan.lead]
    return ctx.users[ENGINEERS[plan.business][0]]


def second_engineer(ctx: DemoContext, plan: Plan, first: User) -> User:
    others = [n for n in ENGINEERS[plan.business] if n not in (first.username, PRESALES_MANAGER)]
    return ctx.users[others[0]]
