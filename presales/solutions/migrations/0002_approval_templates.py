"""The sign-off of a solution version (技术主管、销售主管、商务主管 in parallel) and the
confirmation of the acceptance report (技术主管 then 销售主管)."""

from django.db import migrations

TEMPLATES = [
    {
        "code": "solution_signoff",
        "name": "解决方案签字确认",
        "model": "solutionversion",
        "description": "方案评审会通过后，由技术主管、销售主管、商务主管签字确认（并行）。",
        "steps": [
            (1, "技术主管签字", "presales_manager"),
            (1, "销售主管签字", "sales_head"),
            (1, "商务主管签字", "commercial"),
        ],
    },
    {
        "code": "acceptance_report",
        "name": "项目验收报告确认",
        "model": "acceptancereport",
        "description": "项目验收报告由技术主管确认后，再由销售主管确认。",
        "steps": [
            (1, "技术主管确认", "presales_manager"),
            (2, "销售主管确认", "sales_head"),
        ],
    },
]


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    ApprovalTemplate = apps.get_model("approvals", "ApprovalTemplate")
    ApprovalTemplateStep = apps.get_model("approvals", "ApprovalTemplateStep")
    for spec in TEMPLATES:
        target_type, _ = ContentType.objects.get_or_create(app_label="solutions", model=spec["model"])
        template, created = ApprovalTemplate.objects.get_or_create(
            code=spec["code"],
            defaults={"name": spec["name"], "target_type": target_type, "description": spec["description"]},
        )
        if not created:
            continue
        for order, name, role in spec["steps"]:
            step = ApprovalTemplateStep.objects.create(template=template, order=order, name=name, mode="any")
            step.approver_roles.set(Group.objects.filter(name=role))


def backward(apps, schema_editor):
    apps.get_model("approvals", "ApprovalTemplate").objects.filter(
        code__in=[spec["code"] for spec in TEMPLATES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("solutions", "0001_initial"),
        ("accounts", "0002_roles"),
        ("approvals", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
