"""The price review (PCST) of a quote version, as bid price and as contract price.

Thresholds are the step conditions on margin_percent: an administrator changes them in the
admin (approval templates). Defaults: ≥ 25 % the presales manager alone; 15–25 % plus the
sales head; < 15 % plus the general manager (sequential)."""

from django.db import migrations

STEPS = [
    (1, "售前主管审核", "presales_manager", "", ""),
    (2, "销售主管审核", "sales_head", "margin_percent", "25"),
    (3, "总经理审批", "general_manager", "margin_percent", "15"),
]
TEMPLATES = [
    ("price_review_bid", "投标报价评审（PCST）", "投标前的报价评审：按毛利率决定审批人。"),
    ("price_review_contract", "合同报价评审（PCST）", "签订合同前的报价评审：按毛利率决定审批人。"),
]


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    ApprovalTemplate = apps.get_model("approvals", "ApprovalTemplate")
    ApprovalTemplateStep = apps.get_model("approvals", "ApprovalTemplateStep")
    target_type, _ = ContentType.objects.get_or_create(app_label="quotes", model="quoteversion")
    for code, name, description in TEMPLATES:
        template, created = ApprovalTemplate.objects.get_or_create(
            code=code, defaults={"name": name, "target_type": target_type, "description": description}
        )
        if not created:
            continue
        for order, step_name, role, field, value in STEPS:
            step = ApprovalTemplateStep.objects.create(
                template=template,
                order=order,
                name=step_name,
                mode="any",
                condition_field=field,
                condition_operator="lt",
                condition_value=value,
            )
            group, _ = Group.objects.get_or_create(name=role)
            step.approver_roles.set([group])


def backward(apps, schema_editor):
    apps.get_model("approvals", "ApprovalTemplate").objects.filter(code__in=[t[0] for t in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quotes", "0001_initial"),
        ("accounts", "0004_general_manager_role"),
        ("approvals", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
