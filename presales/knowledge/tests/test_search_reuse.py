"""Success cases and competitor profiles in the search: found by their words, cases by every
member of staff, competitor profiles only by the roles that read competitor intelligence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from presales.knowledge.services import cases as services
from presales.search.selectors import search
from presales.search.services import index_objects


@pytest.fixture
def indexed(engineer):
    case = services.case_create(
        user=engineer,
        data={"title": "某省电力公司直流电源改造", "customer_name": "某省电力公司", "industry": "power_grid",
              "scope": "220kV变电站直流屏及绝缘监测装置更换", "year": 2025, "amount": Decimal("3680000")},
    )  # fmt: skip
    rival = services.competitor_create(
        user=engineer, data={"name": "许继电源", "aliases": "许继", "strengths": "交货周期短，型式试验报告齐全"}
    )
    index_objects("case", [case.pk])
    index_objects("competitor", [rival.pk])
    return case, rival


@pytest.mark.parametrize("persona", ["rep", "finance", "service_mgmt", "commercial"])
def test_every_role_finds_a_case_by_its_scope(request, indexed, persona):
    hits = search(request.getfixturevalue(persona), "绝缘监测", types=["case"]).hits
    assert [h.title for h in hits] == ["某省电力公司直流电源改造"]
    assert hits[0].year == 2025 and hits[0].industry == "power_grid"


@pytest.mark.parametrize(
    ("persona", "finds"), [("rep", True), ("commercial", True), ("finance", False), ("nobody", False)]
)
def test_competitor_profiles_are_found_only_by_their_readers(request, indexed, persona, finds):
    results = search(request.getfixturevalue(persona), "交货周期", types=["competitor"])
    assert [h.title for h in results.hits] == (["许继电源"] if finds else [])
    assert results.total == (1 if finds else 0)
