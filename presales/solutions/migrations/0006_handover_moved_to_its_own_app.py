"""The handover to implementation and its acceptance report moved to their own app
(presales.handover). Only the migration state changes here: the tables stay where they
are, with their names and rows, and presales.handover's 0001 takes them over."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("solutions", "0005_old_events_moved_to_the_event_stream"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='handover',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='handover',
                    name='implementation_lead',
                ),
                migrations.RemoveField(
                    model_name='handover',
                    name='implementation_team',
                ),
                migrations.RemoveField(
                    model_name='handover',
                    name='opportunity',
                ),
                migrations.RemoveField(
                    model_name='historicalacceptancereport',
                    name='handover',
                ),
                migrations.RemoveField(
                    model_name='handoverchecklistitem',
                    name='handover',
                ),
                migrations.RemoveField(
                    model_name='supportvisit',
                    name='handover',
                ),
                migrations.RemoveField(
                    model_name='historicalacceptancereport',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='historicalacceptancereport',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalhandover',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='historicalhandover',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalhandover',
                    name='implementation_lead',
                ),
                migrations.RemoveField(
                    model_name='historicalhandover',
                    name='opportunity',
                ),
                migrations.RemoveField(
                    model_name='supportvisit',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='supportvisit',
                    name='engineer',
                ),
                migrations.DeleteModel(
                    name='AcceptanceReport',
                ),
                migrations.DeleteModel(
                    name='HandoverChecklistItem',
                ),
                migrations.DeleteModel(
                    name='Handover',
                ),
                migrations.DeleteModel(
                    name='HistoricalAcceptanceReport',
                ),
                migrations.DeleteModel(
                    name='HistoricalHandover',
                ),
                migrations.DeleteModel(
                    name='SupportVisit',
                ),
            ],
        ),
    ]
