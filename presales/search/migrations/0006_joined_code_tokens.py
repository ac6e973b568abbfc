"""Codes are also indexed joined (imps48150, presales.search.text.codes) and queried as one
prefix token: the entries indexed before get their tokens again from their stored text, in
batches, so searches keep finding them without a `search_reindex`. Nothing to do on an
empty index (jieba is not even loaded).

On PostgreSQL the tsvector is first set to STORAGE MAIN: kept in the row, the raw text and
token columns are moved out of line first. A search that walks the newest rows tests `@@`
on each of them; a tsvector stored out of line (TOAST) costs two more page reads a row —
five times the time at 100,000 rows (docs/search.md, Benchmark). The rewrite below stores
the existing rows anew, so they take the new storage too."""

from django.db import migrations

BATCH = 500


def retokenize(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STORAGE MAIN")
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
