"""The contract review (合同评审): the final contract goes to service management (服管部),
commercial and finance in parallel; any one of each role decides for it."""

from django.db import migrations

CODE = "contract_review"
STEPS = [
    (1, "服管部审核", "service_management"),
    (1, "商务审核", "commercial"),
    (1, "财务审核", "finance"),
]


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    ApprovalTemplate = apps.get_model("approvals", "ApprovalTemplate")
    ApprovalTemplateStep = apps.get_model("approvals", "ApprovalTemplateStep")
    target_type, _ = ContentType.objects.get_or_create(app_label="contracts", model="contract")
    template, created = ApprovalTemplate.objects.get_or_create(
        code=CODE,
        defaults={
            "name": "合同评审",
            "target_type": target_type,
            "description": "商务人员将定稿的《购销合同》或《采购合同》提交服管部审核，商务、财务同时审核（并行）。",
        },
    )
    if not created:
        return
    for order, name, role in STEPS:
        step = ApprovalTemplateStep.objects.create(template=template, order=order, name=name, mode="any")
        step.approver_roles.set(Group.objects.filter(name=role))


def backward(apps, schema_editor):
    apps.get_model("approvals", "ApprovalTemplate").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0001_initial"),
        ("accounts", "0002_roles"),
        ("approvals", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
