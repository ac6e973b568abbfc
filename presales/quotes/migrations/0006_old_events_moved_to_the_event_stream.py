"""QuoteEvent is gone: its rows were copied into the one event stream (presales.events,
migration 0002_copy_old_events), which the services write from now on."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("quotes", "0005_text_limits"),
        ("events", "0002_copy_old_events"),
    ]

    operations = [
        migrations.DeleteModel(name="QuoteEvent"),
    ]
