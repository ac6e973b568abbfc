"""The bid decision criteria, the bid package item types and the self/cross review checks
from the seed (presales/tenders/seed.py): admin data, edited in the admin afterwards."""

from django.db import migrations

from presales.tenders.seed import load


def forward(apps, schema_editor):
    load(
        apps.get_model("tenders", "BidCriterion"),
        apps.get_model("tenders", "PackageItemType"),
        apps.get_model("tenders", "ReviewItemTemplate"),
    )


class Migration(migrations.Migration):
    dependencies = [("tenders", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
