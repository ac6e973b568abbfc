"""A checklist item may tick itself when its record is made (StageTask.done_when): in the
default template 登记招标文件 when the tender is registered, 组织投标决策 when the bid decision is
recorded, 编制技术标书及技术偏差表 when the technical bid is generated from the deviation table.
Open items of opportunities whose record already exists are ticked now, by whoever recorded it."""

from django.db import migrations, models

TICKED_BY = (
    ("tender", "购买/下载并登记招标文件", "tender"),
    ("tender", "组织投标决策", "bid_decision"),
    ("bidding", "编制技术标书及技术偏差表", "technical_bid"),
)


def forward(apps, schema_editor):
    StageTask = apps.get_model("opportunities", "StageTask")
    OpportunityTask = apps.get_model("opportunities", "OpportunityTask")
    Deliverable = apps.get_model("opportunities", "Deliverable")
    for stage_code, title, source in TICKED_BY:
        StageTask.objects.filter(stage__code=stage_code, title__startswith=title, done_when="").update(done_when=source)
    recorded = Deliverable.objects.filter(status="approved", deliverable_type__fulfilled_by__in=[s for *_x, s in TICKED_BY])
    for deliverable in recorded.select_related("deliverable_type").order_by("approved_at", "id"):
        OpportunityTask.objects.filter(
            opportunity_id=deliverable.opportunity_id,
            done_at__isnull=True,
            stage_task__done_when=deliverable.deliverable_type.fulfilled_by,
        ).update(done_at=deliverable.approved_at, done_by_id=deliverable.created_by_id)


def backward(apps, schema_editor):
    pass  # the field goes; ticked items stay ticked


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0017_fulfilled_by_tender_outputs")]

    operations = [
        migrations.AddField(
            model_name="stagetask",
            name="done_when",
            field=models.CharField(
                blank=True,
                choices=[
                    ("solution", "A signed-off solution version"),
                    ("acceptance_report", "An approved acceptance report"),
                    ("price_review", "A quote approved in price review (PCST)"),
                    ("contract", "A reviewed and signed contract"),
                    ("tender", "The tender registered on the tender page"),
                    ("bid_decision", "The bid decision recorded on the tender page"),
                    ("technical_bid", "The technical bid generated from the deviation table"),
                    ("award", "The award notice recorded on the tender page"),
                ],
                help_text=(
                    "The task ticks itself when this is recorded for the opportunity (e.g. the tender registered "
                    "on the tender page); empty: ticked by hand."
                ),
                max_length=30,
                verbose_name="ticked when recorded",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
