"""Writing the index: (re)index objects now, rebuild whole types, pause on-save indexing.

The index is derived data, like a cache: nothing here is a user's change, so these functions
check no permission and write no event. Segmentation happens here (in the task after commit,
or the reindex command), never in the request that saved the object.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from presales.search import registry, text
from presales.search.models import BODY_MAX, KEYWORDS_MAX, TITLE_MAX, SearchEntry, SearchFacet
from presales.search.registry import Passage, Source

CHUNK = 500
_paused: contextvars.ContextVar[bool] = contextvars.ContextVar("search_indexing_paused", default=False)


@contextmanager
def indexing_paused():
    """Bulk loads (the demo data) save thousands of rows: on-save indexing waits, and the
    loader calls reindex() once at the end."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def is_paused() -> bool:
    return _paused.get()


def _entry(source: Source, pk: int, passage: Passage, now) -> tuple[SearchEntry, list[tuple[str, str]]]:
    title = (passage.title or "")[:TITLE_MAX]
    body = (passage.body or "")[:BODY_MAX]
    keywords = (passage.keywords or "")[:KEYWORDS_MAX]
    entry = SearchEntry(
        type=source.type,
        object_id=pk,
        title=title,
        body=body,
        keywords=keywords,
        url=(passage.url or "")[:500],
        library=(passage.library or "")[:200],
        product=(passage.product or "")[:500],
        industry=(passage.industry or "")[:40],
        year=passage.year if passage.year and 0 < passage.year < 10000 else None,
        flags=" ".join(passage.flags)[:200],
        updated_at=passage.updated_at,
        indexed_at=now,
        title_tokens=text.tokens(f"{title} {keywords}"),
        body_tokens=text.tokens(body),
    )
    return entry, SearchFacet.values_of(entry.library, entry.industry, entry.product, entry.year)


_FIELDS = [f.name for f in SearchEntry._meta.concrete_fields if f.name not in ("id", "type", "object_id")]


def _write(source: Source, passages: dict[int, Passage | None]) -> tuple[int, float]:
    """Upsert the entries of these objects (None: remove), with their facet rows. Returns the
    number indexed and the seconds spent segmenting."""
    now = timezone.now()
    started = time.perf_counter()
    built = {pk: _entry(source, pk, p, now) for pk, p in passages.items() if p is not None}
    segmenting = time.perf_counter() - started
    with transaction.atomic():
        existing = dict(
            SearchEntry.objects.filter(type=source.type, object_id__in=list(passages)).values_list("object_id", "id")
        )
        gone = [existing[pk] for pk in passages if pk in existing and pk not in built]
        if gone:
            SearchFacet.objects.filter(entry_id__in=gone).delete()
            SearchEntry.objects.filter(id__in=gone).delete()
        update, create = [], []
        for pk, (entry, _facets) in built.items():
            if pk in existing:
                entry.id = existing[pk]
                update.append(entry)
            else:
                create.append(entry)
        if update:
            SearchFacet.objects.filter(entry_id__in=[e.id for e in update]).delete()
            SearchEntry.objects.bulk_update(update, _FIELDS, batch_size=100)
        if create:
            SearchEntry.objects.bulk_create(create, batch_size=CHUNK)
            if not all(e.id for e in create):  # a back-end that does not return ids
                ids = dict(
                    SearchEntry.objects.filter(
                        type=source.type, object_id__in=[e.object_id for e in create]
                    ).values_list("object_id", "id")
                )
                for e in create:
                    e.id = ids[e.object_id]
        SearchFacet.objects.bulk_create(
            [
                SearchFacet(entry_id=entry.id, facet=facet, value=value)
                for entry, facets in built.values()
                for facet, value in facets
            ],
            batch_size=CHUNK * 4,
        )
    return len(built), segmenting


def _documents(source: Source, objs) -> dict[int, Passage | None]:
    return {obj.pk: source.document(obj) for obj in objs}


def index_objects(type: str, pks: Iterable[int]) -> int:
    """(Re)index these objects of a type now; entries whose object is gone, or whose
    document() is None, are removed. Returns the number of objects indexed."""
    source = registry.get(type)
    wanted = sorted({int(pk) for pk in pks if pk is not None})
    if source is None or not wanted:
        return 0
    count = 0
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        passages: dict[int, Passage | None] = dict.fromkeys(chunk)
        passages.update(_documents(source, source.queryset().filter(pk__in=chunk)))
        count += _write(source, passages)[0]
    return count


def reindex(types: Sequence[str] = (), progress: Callable[..., None] | None = None) -> dict[str, int]:
    """Rebuild the index of these types (all when empty) from each source's queryset, in
    chunks; entries of objects no longer there (or no longer indexed) are removed at the end.
    `progress(type, done, total)` is called after each chunk. Returns rows indexed per type."""
    result: dict[str, int] = {}
    chosen = [s for s in registry.sources() if not types or s.type in types]
    for source in chosen:
        started = timezone.now()
        qs = source.queryset()
        total = qs.count()
        done = indexed = 0
        if progress:
            progress(source.type, 0, total)
        batch = []
        for obj in qs.iterator(chunk_size=CHUNK):
            batch.append(obj)
            if len(batch) == CHUNK:
                indexed += _write(source, _documents(source, batch))[0]
                done += len(batch)
                batch = []
                if progress:
                    progress(source.type, done, total)
        if batch:
            indexed += _write(source, _documents(source, batch))[0]
            done += len(batch)
        stale = list(SearchEntry.objects.filter(type=source.type, indexed_at__lt=started).values_list("id", flat=True))
        for start in range(0, len(stale), CHUNK):
            SearchFacet.objects.filter(entry_id__in=stale[start : start + CHUNK]).delete()
            SearchEntry.objects.filter(id__in=stale[start : start + CHUNK]).delete()
        if progress:
            progress(source.type, done, total)
        result[source.type] = indexed
    return result


def after_bulk_indexing() -> None:
    """After a rebuild or a bulk load: the back-end's own upkeep, then fresh planner statistics
    (the plans of presales.search.selectors and backends.postgres.newest_order_sql read them)."""
    from django.db import connection

    from presales.lib.db import refresh_statistics
    from presales.search.backends import get_backend

    with connection.cursor() as cursor:
        get_backend().optimize(cursor)
    refresh_statistics()


def write_passages(type: str, passages: dict[int, Passage | None]) -> tuple[int, float]:
    """The bulk path for loaders that already hold the passages (the benchmark)."""
    source = registry.get(type)
    if source is None:
        raise LookupError(type)
    return _write(source, passages)
