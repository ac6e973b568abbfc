"""Loads the default six-stage template from the seed (DESIGN.md §3)."""

from django.db import migrations

from presales.opportunities.default_template import DEFAULT_STAGES, DEFAULT_TEMPLATE_NAME


def load(apps, schema_editor):
    StageTemplate = apps.get_model("opportunities", "StageTemplate")
    Stage = apps.get_model("opportunities", "Stage")
    StageTask = apps.get_model("opportunities", "StageTask")
    DeliverableType = apps.get_model("opportunities", "DeliverableType")
    template, created = StageTemplate.objects.get_or_create(
        name=DEFAULT_TEMPLATE_NAME,
        defaults={"is_default": True, "description": "接触、咨询、跟踪、招标、投标、实施（无招标项目跳过招标、投标）"},
    )
    if not created:
        return
    for order, spec in enumerate(DEFAULT_STAGES, start=1):
        stage = Stage.objects.create(
            template=template,
            order=order,
            code=spec["code"],
            name=spec["name"],
            purpose=spec["purpose"],
            entry_criteria=spec["entry_criteria"],
            inputs=spec["inputs"],
            exit_criteria=spec["exit_criteria"],
            skip_condition=spec["skip_condition"],
        )
        for task_order, (title, required, due_days, *_role) in enumerate(spec["tasks"], start=1):
            StageTask.objects.create(stage=stage, order=task_order, title=title, required=required, due_days=due_days)
        for out_order, (name, description, required) in enumerate(spec["outputs"], start=1):
            DeliverableType.objects.create(
                stage=stage, order=out_order, name=name, description=description, required=required
            )


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
