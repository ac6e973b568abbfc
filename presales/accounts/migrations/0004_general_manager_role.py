"""The general manager (总经理): signs price reviews below the lowest margin threshold."""

from django.db import migrations

ROLE_CODES = ["general_manager"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for code in ROLE_CODES:
        Group.objects.get_or_create(name=code)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_CODES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_skills")]
    operations = [migrations.RunPython(create_roles, remove_roles)]
