"""The matcher's per-text terms on an entry, and the approval template of a proposed change
to an approved answer (应答集锦变更审核). The service asks the category's owner (a template per
category, kept by presales.answers.services.changes); this one, with the presales managers,
is for a category without an owner, or when the owner proposes the change himself."""

from django.db import migrations, models

CODE = "answer_change"


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    ApprovalTemplate = apps.get_model("approvals", "ApprovalTemplate")
    ApprovalTemplateStep = apps.get_model("approvals", "ApprovalTemplateStep")
    target_type, _ = ContentType.objects.get_or_create(app_label="answers", model="answerchange")
    template, created = ApprovalTemplate.objects.get_or_create(
        code=CODE,
        defaults={
            "name": "应答集锦变更审核",
            "target_type": target_type,
            "description": "已批准的标准应答修改后，由分类负责人审核；分类无负责人时由售前主管审核。",
        },
    )
    if not created:
        return
    step = ApprovalTemplateStep.objects.create(template=template, order=1, name="售前主管审核", mode="any")
    step.approver_roles.set(Group.objects.filter(name="presales_manager"))


def backward(apps, schema_editor):
    ApprovalTemplate = apps.get_model("approvals", "ApprovalTemplate")
    ApprovalTemplate.objects.filter(code__startswith=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("answers", "0001_initial"),
        ("accounts", "0002_roles"),
        ("approvals", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="answerentry",
            name="match_terms",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(forward, backward),
    ]
