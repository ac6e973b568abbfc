"""Deliverables go through the approvals engine: a "deliverable review" template (presales
manager or sales head, one of them) named by every uploaded deliverable type of the default
stage template; 《解决方案》 comes from a signed-off solution version and 《项目验收报告》 from an
approved acceptance report."""

from django.db import migrations

REVIEW_CODE = "deliverable_review"


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    ApprovalTemplate = apps.get_model("approvals", "ApprovalTemplate")
    ApprovalTemplateStep = apps.get_model("approvals", "ApprovalTemplateStep")
    DeliverableType = apps.get_model("opportunities", "DeliverableType")

    target_type, _ = ContentType.objects.get_or_create(app_label="opportunities", model="deliverable")
    template, created = ApprovalTemplate.objects.get_or_create(
        code=REVIEW_CODE,
        defaults={
            "name": "阶段输出审批",
            "target_type": target_type,
            "description": "阶段输出（交付物）提交后由售前主管或销售主管审批，通过后计入阶段出口准则。",
        },
    )
    if created:
        step = ApprovalTemplateStep.objects.create(template=template, order=1, name="主管审批", mode="any")
        step.approver_roles.set(Group.objects.filter(name__in=["presales_manager", "sales_head"]))
    DeliverableType.objects.filter(name="解决方案").update(fulfilled_by="solution")
    DeliverableType.objects.filter(name="项目验收报告").update(fulfilled_by="acceptance_report")
    DeliverableType.objects.filter(fulfilled_by="").update(approval_template=template)


def backward(apps, schema_editor):
    DeliverableType = apps.get_model("opportunities", "DeliverableType")
    DeliverableType.objects.update(approval_template=None, fulfilled_by="")
    apps.get_model("approvals", "ApprovalTemplate").objects.filter(code=REVIEW_CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("opportunities", "0003_deliverables_on_approvals_engine"),
    ]

    operations = [migrations.RunPython(forward, backward)]
