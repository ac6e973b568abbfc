"""The handover's event kinds are declared by its own app now (presales/handover/events.py):
the stored events get the new names ("solutions.handover_started" → "handover.started" …)."""

from django.db import migrations

RENAMED = {
    "solutions.handover_started": "handover.started",
    "solutions.handover_updated": "handover.updated",
    "solutions.checklist_handed_over": "handover.checklist_handed_over",
    "solutions.checklist_not_handed_over": "handover.checklist_not_handed_over",
    "solutions.checklist_added": "handover.checklist_added",
    "solutions.visit_added": "handover.visit_added",
    "solutions.acceptance_saved": "handover.acceptance_saved",
    "solutions.acceptance_submitted": "handover.acceptance_submitted",
    "solutions.acceptance_approved": "handover.acceptance_approved",
    "solutions.acceptance_returned": "handover.acceptance_returned",
    "solutions.acceptance_withdrawn": "handover.acceptance_withdrawn",
}


def _rename(apps, renamed: dict[str, str]) -> None:
    Event = apps.get_model("events", "Event")
    for old, new in renamed.items():
        Event.objects.filter(kind=old).update(kind=new)


def forward(apps, schema_editor):
    _rename(apps, RENAMED)


def backward(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("handover", "0001_initial"),
        ("events", "0002_copy_old_events"),
    ]

    operations = [migrations.RunPython(forward, backward)]
