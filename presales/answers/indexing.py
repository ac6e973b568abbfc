"""The matcher's index: which approved entries hold which term, and how many hold each.

`index_entry(entry)` is called by every service that changes what an entry matches on (its
status, requirement, wordings): an approved entry gets its terms (AnswerTerm rows, one per
distinct term of its requirement and wordings, and `match_terms`, the terms of each text);
any other status none. The document frequencies (AnswerTermStat) move with the rows, by
UPDATE … SET entries = entries ± 1 (two indexing at once both count). `rebuild()` recomputes
everything (the `answers_reindex` command, the benchmark's loader, after the synonyms changed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from presales.answers import text
from presales.answers.models import AnswerEntry, AnswerStatus, AnswerTerm, AnswerTermStat, AnswerWording

BATCH = 2000


def texts_terms(texts: Iterable[str], groups=text.DOMAIN_SYNONYMS) -> list[dict[str, int]]:
    vectors = []
    for value in texts:
        counts = text.terms(value, groups)
        if counts:
            vectors.append(dict(counts))
    return vectors


def _bump(terms: Iterable[str], delta: int) -> None:
    terms = sorted(set(terms))
    for start in range(0, len(terms), 500):
        chunk = terms[start : start + 500]
        if delta > 0:
            AnswerTermStat.objects.bulk_create(
                [AnswerTermStat(term=t, entries=0) for t in chunk], ignore_conflicts=True
            )
        AnswerTermStat.objects.filter(term__in=chunk).update(entries=F("entries") + delta)


@transaction.atomic
def index_entry(entry: AnswerEntry, groups=None) -> None:
    """Bring the entry's index rows in line with its status and texts."""
    if groups is None:
        groups = text.synonym_groups()
    old = set(AnswerTerm.objects.filter(entry=entry).values_list("term", flat=True))
    if entry.status == AnswerStatus.APPROVED:
        wordings = list(AnswerWording.objects.filter(entry=entry).values_list("text", flat=True))
        vectors = texts_terms([entry.requirement, *wordings], groups)
    else:
        vectors = []
    new = set().union(*vectors) if vectors else set()
    gone, added = old - new, new - old
    if gone:
        AnswerTerm.objects.filter(entry=entry, term__in=sorted(gone)).delete()
        _bump(gone, -1)
    if added:
        AnswerTerm.objects.bulk_create([AnswerTerm(entry=entry, term=t, weight=1.0) for t in sorted(added)])
        _bump(added, +1)
    if entry.match_terms != vectors:
        entry.match_terms = vectors
        AnswerEntry.objects.filter(pk=entry.pk).update(match_terms=vectors)


@transaction.atomic
def rebuild() -> int:
    """Recompute the whole index from the approved entries; returns how many are indexed."""
    groups = text.synonym_groups()
    AnswerTerm.objects.all().delete()
    AnswerTermStat.objects.all().delete()
    AnswerEntry.objects.exclude(status=AnswerStatus.APPROVED).exclude(match_terms=[]).update(match_terms=[])
    wordings: dict[int, list[str]] = {}
    for entry_id, value in AnswerWording.objects.filter(entry__status=AnswerStatus.APPROVED).values_list(
        "entry_id", "text"
    ):
        wordings.setdefault(entry_id, []).append(value)
    df: Counter = Counter()
    count = 0
    pending_terms: list[AnswerTerm] = []
    pending_entries: list[AnswerEntry] = []
    rows = AnswerEntry.objects.filter(status=AnswerStatus.APPROVED).values_list("pk", "requirement").order_by("pk")
    for pk, requirement in rows.iterator(chunk_size=BATCH):
        vectors = texts_terms([requirement, *wordings.get(pk, ())], groups)
        union = set().union(*vectors) if vectors else set()
        df.update(union)
        pending_terms.extend(AnswerTerm(entry_id=pk, term=t, weight=1.0) for t in sorted(union))
        pending_entries.append(AnswerEntry(pk=pk, match_terms=vectors))
        count += 1
        if len(pending_entries) >= BATCH:
            _flush(pending_terms, pending_entries)
    _flush(pending_terms, pending_entries)
    AnswerTermStat.objects.bulk_create(
        [AnswerTermStat(term=t, entries=n) for t, n in sorted(df.items())], batch_size=BATCH
    )
    return count


def _flush(terms: list[AnswerTerm], entries: list[AnswerEntry]) -> None:
    if terms:
        AnswerTerm.objects.bulk_create(terms, batch_size=BATCH)
    if entries:
        AnswerEntry.objects.bulk_update(entries, ["match_terms"], batch_size=500)
    terms.clear()
    entries.clear()
