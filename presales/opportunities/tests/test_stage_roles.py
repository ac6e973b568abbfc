"""Stages are found by their role, never by their admin-editable code or name."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.urls import reverse

from presales.lib.services import ServiceError
from presales.opportunities.default_template import DEFAULT_STAGES
from presales.opportunities.models import Stage, StageRole
from presales.opportunities.services import default_template
from presales.opportunities.stage_roles import check_in_stage_role


def test_default_template_stages_have_their_roles(db):
    stages = default_template().stages.order_by("order")
    assert [(s.code, s.role) for s in stages] == [(spec["code"], spec["role"]) for spec in DEFAULT_STAGES]
    assert default_template().stages.for_role(StageRole.IMPLEMENTATION).get().name == "实施"


def test_a_role_is_held_by_one_stage_per_template(db):
    template = default_template()
    with pytest.raises(IntegrityError):
        Stage.objects.create(template=template, order=99, code="extra", name="额外", role=StageRole.IMPLEMENTATION)


def test_stages_without_a_role_may_be_many(db):
    template = default_template()
    Stage.objects.create(template=template, order=98, code="extra-1", name="额外一")
    Stage.objects.create(template=template, order=99, code="extra-2", name="额外二")
    assert template.stages.for_role(StageRole.NONE).count() == 2


def test_renamed_stage_keeps_its_role(opportunity):
    stage = opportunity.current_stage
    stage.code, stage.name = "first-talk", "初次接洽"
    stage.save()
    opportunity.refresh_from_db()
    assert opportunity.in_stage_role(StageRole.CONTACT)
    assert not opportunity.in_stage_role(StageRole.IMPLEMENTATION)


def test_check_names_the_current_stage_or_the_missing_role(opportunity):
    with pytest.raises(ServiceError, match="is in 接触"):
        check_in_stage_role(opportunity, StageRole.IMPLEMENTATION, refusal="is in %(stage)s")
    default_template().stages.for_role(StageRole.IMPLEMENTATION).update(role=StageRole.NONE)
    with pytest.raises(ServiceError) as exc:
        check_in_stage_role(opportunity, StageRole.IMPLEMENTATION, refusal="is in %(stage)s")
    assert opportunity.template.name in exc.value.messages[0]
    assert str(StageRole.IMPLEMENTATION.label) in exc.value.messages[0]


def test_admin_shows_the_role(admin_user, client):
    client.force_login(admin_user)
    stage = default_template().stages.for_role(StageRole.TENDER).get()
    page = client.get(reverse("admin:opportunities_stage_change", args=[stage.pk])).content.decode()
    assert 'name="role"' in page and 'value="tender" selected' in page
    page = client.get(reverse("admin:opportunities_stagetemplate_change", args=[stage.template_id])).content.decode()
    assert 'name="stages-0-role"' in page
