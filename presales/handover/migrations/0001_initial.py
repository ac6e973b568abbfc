"""The handover's models, taken over from the solutions app (solutions 0006 dropped them
from its state): their tables keep their names (`db_table`), so no row moves. Their content
types are renamed from "solutions" to "handover", so that whatever points at them (approval
templates and rounds, events' subjects, permissions, the admin's log) keeps pointing at them."""

import django.db.models.deletion
import presales.handover.models
import presales.lib.uploads
import simple_history.models
from django.conf import settings
from django.db import migrations, models



MODELS = [
    "handover",
    "handoverchecklistitem",
    "supportvisit",
    "acceptancereport",
    "historicalhandover",
    "historicalacceptancereport",
]


def _move_content_types(apps, source: str, target: str) -> None:
    from django.contrib.contenttypes.models import ContentType as CachedContentType

    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        current = ContentType.objects.filter(app_label=source, model=model).first()
        if current is None:
            continue  # never created (a fresh database): post_migrate creates it under its new app
        # A type already created for the target (post_migrate on a run that stopped halfway)
        # points at nothing yet: the old row, which everything refers to, takes its place.
        ContentType.objects.filter(app_label=target, model=model).delete()
        current.app_label = target
        current.save(update_fields=["app_label"])
    CachedContentType.objects.clear_cache()


def forward(apps, schema_editor):
    _move_content_types(apps, "solutions", "handover")


def backward(apps, schema_editor):
    _move_content_types(apps, "handover", "solutions")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("solutions", "0006_handover_moved_to_its_own_app"),
        ("opportunities", "0009_old_events_moved_to_the_event_stream"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Handover',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('construction_plan', presales.lib.uploads.DocumentFileField(blank=True, max_length=300, name_field='plan_original_name', upload_to=presales.handover.models.handover_upload_to, verbose_name='construction plan')),
                        ('plan_original_name', models.CharField(blank=True, max_length=255, verbose_name='file name')),
                        ('schedule', models.TextField(blank=True, max_length=10000, verbose_name='schedule')),
                        ('planned_start', models.DateField(blank=True, null=True, verbose_name='planned start')),
                        ('planned_end', models.DateField(blank=True, null=True, verbose_name='planned end')),
                        ('handed_over_at', models.DateField(blank=True, null=True, verbose_name='handed over on')),
                        ('notes', models.TextField(blank=True, max_length=2000, verbose_name='notes')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('version', models.PositiveIntegerField(default=1, editable=False)),
                        ('created_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('implementation_lead', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='implementation lead')),
                        ('implementation_team', models.ManyToManyField(blank=True, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='implementation team')),
                        ('opportunity', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='handover', to='opportunities.opportunity', verbose_name='opportunity')),
                    ],
                    options={
                        'verbose_name': 'handover to implementation',
                        'verbose_name_plural': 'handovers to implementation',
                        'db_table': 'solutions_handover',
                    },
                ),
                migrations.CreateModel(
                    name='AcceptanceReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('accepted_on', models.DateField(blank=True, null=True, verbose_name='accepted on')),
                        ('file', presales.lib.uploads.DocumentFileField(blank=True, max_length=300, upload_to=presales.handover.models.acceptance_upload_to, verbose_name='signed report')),
                        ('original_name', models.CharField(blank=True, max_length=255, verbose_name='file name')),
                        ('summary', models.TextField(blank=True, max_length=10000, verbose_name='summary')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('approved', 'Approved'), ('returned', 'Returned')], default='draft', editable=False, max_length=20, verbose_name='status')),
                        ('return_reasons', models.TextField(blank=True, editable=False, max_length=10000, verbose_name='reasons for return')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('version', models.PositiveIntegerField(default=1, editable=False)),
                        ('created_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('handover', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='acceptance', to='handover.handover', verbose_name='handover')),
                    ],
                    options={
                        'verbose_name': 'acceptance report',
                        'verbose_name_plural': 'acceptance reports',
                        'db_table': 'solutions_acceptancereport',
                    },
                ),
                migrations.CreateModel(
                    name='HandoverChecklistItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='document')),
                        ('handed_over', models.BooleanField(default=False, verbose_name='handed over')),
                        ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                        ('handover', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checklist', to='handover.handover')),
                    ],
                    options={
                        'verbose_name': 'checklist document',
                        'verbose_name_plural': 'checklist documents',
                        'db_table': 'solutions_handoverchecklistitem',
                        'ordering': ['handover', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalAcceptanceReport',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('accepted_on', models.DateField(blank=True, null=True, verbose_name='accepted on')),
                        ('file', models.TextField(blank=True, max_length=300, verbose_name='signed report')),
                        ('original_name', models.CharField(blank=True, max_length=255, verbose_name='file name')),
                        ('summary', models.TextField(blank=True, max_length=10000, verbose_name='summary')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('approved', 'Approved'), ('returned', 'Returned')], default='draft', editable=False, max_length=20, verbose_name='status')),
                        ('return_reasons', models.TextField(blank=True, editable=False, max_length=10000, verbose_name='reasons for return')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                        ('version', models.PositiveIntegerField(default=1, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('handover', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='handover.handover', verbose_name='handover')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical acceptance report',
                        'verbose_name_plural': 'historical acceptance reports',
                        'db_table': 'solutions_historicalacceptancereport',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalHandover',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('construction_plan', models.TextField(blank=True, max_length=300, verbose_name='construction plan')),
                        ('plan_original_name', models.CharField(blank=True, max_length=255, verbose_name='file name')),
                        ('schedule', models.TextField(blank=True, max_length=10000, verbose_name='schedule')),
                        ('planned_start', models.DateField(blank=True, null=True, verbose_name='planned start')),
                        ('planned_end', models.DateField(blank=True, null=True, verbose_name='planned end')),
                        ('handed_over_at', models.DateField(blank=True, null=True, verbose_name='handed over on')),
                        ('notes', models.TextField(blank=True, max_length=2000, verbose_name='notes')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                        ('version', models.PositiveIntegerField(default=1, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('implementation_lead', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='implementation lead')),
                        ('opportunity', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='opportunities.opportunity', verbose_name='opportunity')),
                    ],
                    options={
                        'verbose_name': 'historical handover to implementation',
                        'verbose_name_plural': 'historical handovers to implementation',
                        'db_table': 'solutions_historicalhandover',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='SupportVisit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('visited_on', models.DateField(verbose_name='visited on')),
                        ('place', models.CharField(blank=True, max_length=200, verbose_name='place')),
                        ('work_done', models.TextField(max_length=10000, verbose_name='work done')),
                        ('issues', models.TextField(blank=True, max_length=2000, verbose_name='issues')),
                        ('hours', models.DecimalField(blank=True, decimal_places=1, max_digits=6, null=True, verbose_name='hours')),
                        ('created_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('engineer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='engineer')),
                        ('handover', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='visits', to='handover.handover')),
                    ],
                    options={
                        'verbose_name': 'on-site support visit',
                        'verbose_name_plural': 'on-site support visits',
                        'db_table': 'solutions_supportvisit',
                        'ordering': ['-visited_on', '-id'],
                    },
                ),
            ],
        ),
        migrations.RunPython(forward, backward),
    ]
