"""The move of the handover out of the solutions app (solutions 0006, handover 0001-0002) on
a database that had handovers: the rows stay, the content types are renamed (so approval
rounds, events' subjects and permissions keep pointing at them), the event kinds renamed."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from presales.approvals.models import Approval
from presales.events.models import Event
from presales.handover import events, services
from presales.handover.models import AcceptanceReport, Handover
from presales.solutions.tests.conftest import doc
from presales.testing import walk_to

BEFORE_THE_MOVE = [("solutions", "0005_old_events_moved_to_the_event_stream")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_move_keeps_the_rows_and_what_points_at_them(opportunity, engineer, manager, sales_head):
    opportunity = walk_to(opportunity, "implementation", worker=engineer, approver=manager)
    handover = services.handover_start(opportunity=opportunity, user=manager)
    report = services.acceptance_save(
        handover=handover,
        user=engineer,
        data={"accepted_on": date(2026, 9, 1), "summary": "验收合格"},
        file=doc("验收报告.pdf"),
    )
    services.acceptance_submit(report=report, user=engineer)
    handover_type = ContentType.objects.get_for_model(Handover)
    report_type = ContentType.objects.get_for_model(AcceptanceReport)
    permissions = set(Permission.objects.filter(content_type=handover_type).values_list("pk", flat=True))
    leaf = list(MigrationExecutor(connection).loader.graph.leaf_nodes())

    try:
        old = migrate(BEFORE_THE_MOVE)
        OldContentType = old.get_model("contenttypes", "ContentType")
        assert OldContentType.objects.get(pk=handover_type.pk).app_label == "solutions"
        assert old.get_model("solutions", "Handover").objects.get().pk == handover.pk
        assert old.get_model("events", "Event").objects.filter(kind="solutions.handover_started").count() == 1
        # a content type created under the new name before the move (a run stopped halfway)
        OldContentType.objects.create(app_label="handover", model="supportvisit")
    finally:
        migrate(leaf)
    ContentType.objects.clear_cache()

    assert ContentType.objects.get_for_model(Handover).pk == handover_type.pk
    assert ContentType.objects.get_for_model(AcceptanceReport).pk == report_type.pk
    assert ContentType.objects.filter(model="supportvisit").count() == 1
    assert set(Permission.objects.filter(content_type=handover_type).values_list("pk", flat=True)) == permissions
    assert Handover.objects.get().pk == handover.pk and AcceptanceReport.objects.get().pk == report.pk
    assert Approval.objects.for_target(report).count() == 1
    kinds = list(
        Event.objects.filter(subject_id=handover.pk, subject_type=handover_type).values_list("kind", flat=True)
    )
    assert {events.HANDOVER_STARTED, events.ACCEPTANCE_SAVED, events.ACCEPTANCE_SUBMITTED} <= set(kinds)
    assert not Event.objects.filter(kind__startswith="solutions.handover").exists()
