"""Creates one group per role of DESIGN.md §1 (presales.accounts.roles.Role)."""

from django.db import migrations

ROLE_CODES = [
    "sales_rep",
    "presales_engineer",
    "presales_manager",
    "sales_head",
    "commercial",
    "finance",
    "service_management",
    "admin",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for code in ROLE_CODES:
        Group.objects.get_or_create(name=code)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_CODES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_roles, remove_roles)]
