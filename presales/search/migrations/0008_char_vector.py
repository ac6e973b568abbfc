"""The stream of single Chinese characters gets a tsvector of its own on PostgreSQL.

An index text is its words and joined codes, then CHARS_MARK and its characters
(presales.search.text.tokens). A word or code query is matched against `search_vector`, built
from the words alone; a one- or two-character query (屏, 均流) against `char_vector`, built
from the characters. A search that walks the newest rows tests `@@` on each of them: the word
vector is half the size it was with the characters in it, and so is the walk
(docs/search.md, Benchmark, fourth run).

Both columns are generated, weight A from the title (and keywords), B from the body, STORAGE
MAIN (in the row, as migration 0006 set), each with a GIN index. The entries get their tokens
again from their stored text (the mark, and the dictionary words of migration 0007), in
batches, so that the rows are written anew with the new columns; on SQLite (FTS5 reads the
mark as a separator) the covering index of the walk gains the facet columns: the facets are
counted from the walk's rows."""

from django.db import migrations

BATCH = 500


def _vector(part: int) -> str:
    return (
        f"setweight(to_tsvector('simple'::regconfig, split_part(title_tokens, E'\\x1f', {part})), 'A')"
        f" || setweight(to_tsvector('simple'::regconfig, split_part(body_tokens, E'\\x1f', {part})), 'B')"
    )


POSTGRES_BEFORE = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
    f"ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({_vector(1)}) STORED",
    f"ALTER TABLE search_searchentry ADD COLUMN char_vector tsvector GENERATED ALWAYS AS ({_vector(2)}) STORED",
    "ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STORAGE MAIN",
    "ALTER TABLE search_searchentry ALTER COLUMN char_vector SET STORAGE MAIN",
]
POSTGRES_AFTER = [
    "CREATE INDEX search_entry_vector ON search_searchentry USING GIN (search_vector)",
    "CREATE INDEX search_entry_chars ON search_searchentry USING GIN (char_vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_chars",
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS char_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, body_tokens), 'B')) STORED",
    "ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STORAGE MAIN",
    "CREATE INDEX search_entry_vector ON search_searchentry USING GIN (search_vector)",
]


def _retokenize(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    entries = SearchEntry.objects.using(schema_editor.connection.alias)
    if not entries.exists():
        return
    from presales.search import text

    text.invalidate()  # the words of migration 0007
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


# SQLite: the walk over the matches reads the facet columns too (the facets are counted from
# its rows), so the covering index holds them.
SQLITE = [
    "DROP INDEX IF EXISTS search_entry_cover",
    "CREATE INDEX search_entry_cover ON search_searchentry (id, type, object_id, library, industry, year, product)",
]
SQLITE_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_cover",
    "CREATE INDEX search_entry_cover ON search_searchentry (id, type, object_id)",
]


def forwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in POSTGRES_BEFORE if postgres else SQLITE:
        schema_editor.execute(sql)
    _retokenize(apps, schema_editor)
    for sql in POSTGRES_AFTER if postgres else ():
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in POSTGRES_REVERSE if postgres else SQLITE_REVERSE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_seed_power_words")]

    operations = [migrations.RunPython(forwards, backwards)]
