"""Stage tasks name the role that does them (the seed's wording), and the open tasks of
existing opportunities go to whoever holds that role — as services/_common.TaskHolders
assigns new ones. Tasks already done keep who they were assigned to."""

from django.db import migrations

from presales.opportunities.default_template import default_task_roles, role_from_wording

DEPARTMENTS = {
    "commercial": "commercial",
    "presales_manager": "presales_manager",
    "service_management": "service_management",
    "finance": "finance",
}


def forward(apps, schema_editor):
    StageTask = apps.get_model("opportunities", "StageTask")
    OpportunityTask = apps.get_model("opportunities", "OpportunityTask")
    OpportunityMember = apps.get_model("opportunities", "OpportunityMember")
    User = apps.get_model("accounts", "User")

    seeded = default_task_roles()
    for task in StageTask.objects.all():
        role = seeded.get(task.title) or role_from_wording(task.title)
        if role != task.role:
            task.role = role
            task.save(update_fields=["role"])
    roles = dict(StageTask.objects.values_list("pk", "role"))

    departments = {}
    for role, group in DEPARTMENTS.items():
        departments[role] = list(
            User.objects.filter(is_active=True, groups__name=group).distinct().order_by("id").values_list("pk", flat=True)[:2]
        )
    commercial_members = {}
    for opportunity_id, user_id in (
        OpportunityMember.objects.filter(role="commercial", user__is_active=True)
        .order_by("-added_at", "-id")
        .values_list("opportunity_id", "user_id")
    ):
        commercial_members[opportunity_id] = user_id  # the earliest added wins

    tasks = list(
        OpportunityTask.objects.filter(stage_task__isnull=False).select_related("opportunity")
    )
    for task in tasks:
        role = roles.get(task.stage_task_id, "presales_lead")
        task.role = role
        if task.done_at is not None:
            continue
        opportunity = task.opportunity
        owner = opportunity.sales_owner_id
        if role == "sales_owner":
            assignee = owner
        elif role == "presales_lead":
            assignee = opportunity.presales_lead_id or owner
        else:
            holders = departments.get(role, [])
            if role == "commercial" and opportunity.pk in commercial_members:
                assignee = commercial_members[opportunity.pk]
            elif not holders:
                assignee = owner
            elif len(holders) == 1 and role != "commercial":
                assignee = holders[0]
            else:
                assignee = None
        task.assignee_id = assignee
    OpportunityTask.objects.bulk_update(tasks, ["role", "assignee"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0010_task_responsible_role"), ("accounts", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
