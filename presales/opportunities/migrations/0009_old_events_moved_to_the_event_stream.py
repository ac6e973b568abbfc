"""OpportunityEvent is gone: its rows were copied into the one event stream (presales.events,
migration 0002_copy_old_events), which the services write from now on."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0008_stage_role"),
        ("events", "0002_copy_old_events"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="opportunityevent", name="opportuniti_opportu_271ed3_idx"),
        migrations.DeleteModel(name="OpportunityEvent"),
    ]
