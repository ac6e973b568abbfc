"""What the opportunity tests share beyond the root personas: the default stages by code."""

from __future__ import annotations

import pytest

from presales.opportunities.models import Stage


def stage(code: str) -> Stage:
    """A stage of the default six-stage template (接触 contact … 实施 implementation)."""
    return Stage.objects.get(template__is_default=True, code=code)


@pytest.fixture
def stages(db):
    """The default template's stages by code: contact, consulting, tracking, tender, bidding,
    implementation."""
    return {s.code: s for s in Stage.objects.filter(template__is_default=True)}
