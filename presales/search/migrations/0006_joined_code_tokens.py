"""Codes are also indexed joined (imps48150, presales.search.text.codes) and queried as one
prefix token: the entries indexed before get their tokens again from their stored text, in
batches, so searches keep finding them without a `search_reindex`. Nothing to do on an
empty index (jieba is not even loaded)."""

from django.db import migrations

BATCH = 500


def retokenize(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    entries = SearchEntry.objects.using(schema_editor.connection.alias)
    if not entries.exists():
        return
    from presales.search import text

    last = 0
    while True:
        batch = list(entries.filter(pk__gt=last).order_by("pk").only("pk", "title", "keywords", "body")[:BATCH])
        if not batch:
            break
        for entry in batch:
            entry.title_tokens = text.tokens(f"{entry.title} {entry.keywords}")
            entry.body_tokens = text.tokens(entry.body)
        entries.bulk_update(batch, ["title_tokens", "body_tokens"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("search", "0005_help_texts")]

    operations = [migrations.RunPython(retokenize, migrations.RunPython.noop)]
