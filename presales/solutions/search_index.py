"""What solutions put in the one search (presales.search).

A solution (方案设计报告表) is found by its code, title, scope, and by its latest version:
summary, main equipment, reason of change and the text of the uploaded document (extracted
by presales.lib.extract). The cost range is not indexed: a snippet must never show a cost.
Who finds it is solutions.access (exactly who sees its opportunity). Saving a version
re-indexes its solution (`related`).
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.accounts.roles import sees_all
from presales.lib.extract import extract_text
from presales.opportunities.access import opportunities_visible_to
from presales.search.models import BODY_MAX
from presales.search.registry import Passage, Source, register, related_by
from presales.solutions.models import Solution, SolutionVersion


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def file_text(version: SolutionVersion) -> str:
    """The text of the version's document ("" without one, or for a format without text),
    no longer than the index keeps of a body."""
    if not version.file:
        return ""
    return extract_text(version.file, version.file_name, max_chars=BODY_MAX)


def latest_version(solution: Solution) -> SolutionVersion | None:
    versions = getattr(solution, "version_list", None)
    if versions is None:
        versions = list(solution.versions.order_by("-number")[:1])
    return versions[0] if versions else None


def solution_passage(solution: Solution) -> Passage:
    opportunity = solution.opportunity
    version = latest_version(solution)
    version_text = ""
    if version is not None:
        version_text = _join(version.summary, version.main_equipment, version.change_reason, file_text(version))
    return Passage(
        title=solution.title,
        body=_join(solution.scope, version_text),
        url=reverse("solutions:detail", args=[solution.pk]),
        keywords=_join(solution.code, opportunity.code, opportunity.name, opportunity.customer.name),
        industry=opportunity.industry,
        year=solution.created_at.year if solution.created_at else None,
        updated_at=solution.updated_at,
    )


def solutions_visible(user: User) -> QuerySet | None:
    """None for the roles that see every opportunity (sees_all): no IN over every row."""
    if sees_all(user):
        return None
    return Solution.objects.filter(opportunity_id__in=opportunities_visible_to(user).values("pk")).values("pk")


def solutions_to_index() -> QuerySet[Solution]:
    latest_first = SolutionVersion.objects.order_by("solution_id", "-number")
    return Solution.objects.select_related("opportunity__customer").prefetch_related(
        Prefetch("versions", queryset=latest_first, to_attr="version_list")
    )


register(
    Source(
        type="solution",
        label=capfirst(_("solution")),
        model="solutions.Solution",
        document=solution_passage,
        queryset=solutions_to_index,
        visible=solutions_visible,
        related=(
            ("solutions.SolutionVersion", "solution_id"),
            related_by("opportunities.Opportunity", Solution, "opportunity_id"),
            related_by("customers.Customer", Solution, "opportunity__customer_id"),
        ),
        order=40,
    )
)
