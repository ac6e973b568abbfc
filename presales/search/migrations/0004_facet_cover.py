"""Covering indexes for the bounded search (presales.search.selectors): the facet counts read
(entry, facet, value) from the index alone; on SQLite the type and object id of every match
(its visibility test) come from an index instead of the entry's wide row (raw text, tokens)."""

from django.db import migrations, models


def _entry_cover(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("CREATE INDEX search_entry_cover ON search_searchentry (id, type, object_id)")


def _drop_entry_cover(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_cover")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_seed_words")]

    operations = [
        migrations.RemoveIndex(model_name="searchfacet", name="search_facet_entry"),
        migrations.AddIndex(
            model_name="searchfacet",
            index=models.Index(fields=["entry", "facet", "value"], name="search_facet_entry"),
        ),
        migrations.RunPython(_entry_cover, _drop_entry_cover),
    ]
