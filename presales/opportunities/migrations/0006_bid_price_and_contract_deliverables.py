"""投标 asks for a bid price approved in price review (PCST), 实施's contract comes from the
contract review: the deliverable types of the default stage template say so."""

from django.db import migrations

BID_PRICE = "PCST评审通过的投标报价"


def forward(apps, schema_editor):
    Stage = apps.get_model("opportunities", "Stage")
    DeliverableType = apps.get_model("opportunities", "DeliverableType")
    for stage in Stage.objects.filter(code="bidding"):
        DeliverableType.objects.get_or_create(
            stage=stage,
            name=BID_PRICE,
            defaults={
                "order": 0,
                "description": "报价清单经PCST价格评审批准的投标报价",
                "required": True,
                "fulfilled_by": "price_review",
            },
        )
    DeliverableType.objects.filter(name="购销合同/采购合同", stage__code="implementation").update(
        fulfilled_by="contract", approval_template=None
    )


def backward(apps, schema_editor):
    DeliverableType = apps.get_model("opportunities", "DeliverableType")
    DeliverableType.objects.filter(name=BID_PRICE, fulfilled_by="price_review").delete()
    DeliverableType.objects.filter(fulfilled_by="contract").update(fulfilled_by="")


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0005_fulfilled_by_price_review_and_contract")]
    operations = [migrations.RunPython(forward, backward)]
