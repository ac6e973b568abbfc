"""咨询's 《项目报价清单》 is satisfied by a quote version submitted to price review (the quote
module holds the real quote); uploading one made outside the workbench stays possible."""

from django.db import migrations

from presales.opportunities.default_template import QUOTE_OUTPUTS


def forward(apps, schema_editor):
    DeliverableType = apps.get_model("opportunities", "DeliverableType")
    for (stage_code, name), when in QUOTE_OUTPUTS.items():
        DeliverableType.objects.filter(stage__code=stage_code, name=name, fulfilled_by="").update(
            satisfied_by_quote=when
        )


def backward(apps, schema_editor):
    DeliverableType = apps.get_model("opportunities", "DeliverableType")
    DeliverableType.objects.update(satisfied_by_quote="")


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0012_deliverable_satisfied_by_quote")]
    operations = [migrations.RunPython(forward, backward)]
