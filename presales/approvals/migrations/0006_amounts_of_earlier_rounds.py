"""The rounds submitted before approvals stored their amount: a quote version's total and a
contract's amount, as the registry hooks (quotes/contracts apps.py) store them from now on.
Deliverables, solution versions and acceptance reports carry no amount."""

from django.db import migrations


def fill(apps, schema_editor):
    Approval = apps.get_model("approvals", "Approval")
    ContentType = apps.get_model("contenttypes", "ContentType")
    sources = [("quotes", "quoteversion", "total_amount"), ("contracts", "contract", "amount")]
    for app_label, model, field in sources:
        kind = ContentType.objects.filter(app_label=app_label, model=model).first()
        if kind is None:
            continue
        Model = apps.get_model(app_label, model)
        rounds = list(Approval.objects.filter(target_type=kind, amount__isnull=True))
        amounts = dict(Model.objects.filter(pk__in=[r.target_id for r in rounds]).values_list("pk", field))
        for approval in rounds:
            if approval.target_id in amounts:
                approval.amount = amounts[approval.target_id]
        Approval.objects.bulk_update(rounds, ["amount"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0005_inbox_amount_sorts_comment_rule"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("quotes", "0006_old_events_moved_to_the_event_stream"),
        ("contracts", "0005_costs_complete"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
