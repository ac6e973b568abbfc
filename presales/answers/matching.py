"""The matcher: for each tender clause, the library answers that respond to it, ranked, with a
confidence and the reasons; and the deviation a chosen answer gives.

How (docs/answers.md):
1. A clause's terms (presales.answers.text: jieba words with the synonym groups folded in,
   numbers and boilerplate left out).
2. Candidates: of its terms that any approved entry holds, the QUERY_TERMS rarest (by the
   number of entries holding them, AnswerTermStat); one grouped query over the inverted
   index (AnswerTerm) sums their inverse document frequencies per entry and returns the best
   CANDIDATES. One query per clause, whatever the library's size.
3. Re-scoring, in Python, of every candidate: TF-IDF cosine between the clause and each of
   the entry's texts (its requirement and each wording: a learned wording of the very clause
   scores 1), the best text counting; then the values (the units the clause and the entry
   state agree, + VALUE_AGREES, or not, − VALUE_DISAGREES; presales.lib.quantities) and the
   products (the bid's products named by the entry or not). The candidates' texts come in a
   fixed number of queries per call.
4. The score is the confidence, 0..1; below CONFIDENT the row is "需人工确认" (to confirm).

Only approved entries are indexed; every account holding a role reads them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from presales.answers import access, text
from presales.answers.models import AnswerEntry, AnswerStatus, AnswerTerm, AnswerTermStat, Deviation
from presales.answers.values import quantities_module

CONFIDENT: float = 0.60  # calibrated on presales/answers/tests/eval (docs/answers.md)
QUERY_TERMS = 6  # a clause's rarest terms asked of the index
COMMON_SHARE = 0.02  # terms more than this share of the entries hold are not asked …
COMMON_MIN = 50  # … in a library of more than 2,500 entries
CANDIDATES = 20  # entries per clause re-scored
CHUNK = 500  # ids or terms per IN (…) list
CLAUSE_MAX = 2000  # characters of a clause considered

# Agreeing units: + as much as other units cost; chosen on the labelled set's even clauses,
# checked on the odd ones (docs/answers.md, calibration).
VALUE_AGREES = 0.12
VALUE_DISAGREES = 0.12
PRODUCT_AGREES = 0.04
PRODUCT_DISAGREES = 0.08


@dataclass
class Match:
    entry_id: int
    code: str
    score: float
    reasons: list[str] = field(default_factory=list)
    requirement: str = ""
    answer: str = ""
    deviation: str = Deviation.NONE


@dataclass
class _Candidate:
    pk: int
    code: str
    requirement: str
    answer: str
    deviation: str
    stated_values: list
    match_terms: list
    products: set[int] = field(default_factory=set)


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _document_frequencies(terms: Iterable[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(set(terms))):
        found.update(AnswerTermStat.objects.filter(term__in=chunk, entries__gt=0).values_list("term", "entries"))
    return found


def _idf(df: int, total: int) -> float:
    return math.log((total + 1) / (df + 0.5)) + 1.0


def _vector(counts: dict[str, float], idf: dict[str, float], default_idf: float) -> dict[str, float]:
    return {t: min(c, 3.0) * idf.get(t, default_idf) for t, c in counts.items()}


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vector.values())) or 1.0


def _query_terms(terms: Counter, df: dict[str, int], total: int) -> list[str]:
    """The clause's rarest terms any approved entry holds, leaving out those most entries hold
    (unless nothing else is left): what the index is asked."""
    known = sorted((t for t in terms if t in df), key=lambda t: (df[t], t))
    common = max(COMMON_MIN, int(total * COMMON_SHARE))
    rare = [t for t in known if df[t] <= common]
    return (rare or known)[:QUERY_TERMS]


def _candidate_ids(terms: Counter, df: dict[str, int], total: int) -> list[tuple[int, float]]:
    """(entry id, the share of the asked terms' weight it holds), best first: one grouped
    query over the index's (term, entry) key, which holds all it reads."""
    asked = _query_terms(terms, df, total)
    if not asked:
        return []
    weights = [_idf(df[t], total) for t in asked]
    table = AnswerTerm._meta.db_table
    cases = " ".join("WHEN %s THEN %s" for _t in asked)
    marks = ", ".join("%s" for _t in asked)
    sql = (
        f"SELECT entry_id, SUM(CASE term {cases} ELSE 0 END) AS score FROM {table} "
        f"WHERE term IN ({marks}) GROUP BY entry_id ORDER BY score DESC, entry_id LIMIT %s"
    )
    params: list = [value for pair in zip(asked, weights, strict=True) for value in pair] + asked + [CANDIDATES]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total_weight = sum(weights)
    return [(entry_id, float(score) / total_weight) for entry_id, score in rows]


def _candidates(ids: set[int]) -> dict[int, _Candidate]:
    found: dict[int, _Candidate] = {}
    ordered = sorted(ids)
    for chunk in _chunks(ordered):
        for row in AnswerEntry.objects.filter(pk__in=chunk, status=AnswerStatus.APPROVED).values_list(
            "pk", "code", "requirement", "answer", "deviation", "stated_values", "match_terms"
        ):
            found[row[0]] = _Candidate(*row)
    through = AnswerEntry.products.through
    for chunk in _chunks(sorted(found)):
        for entry_id, product_id in through.objects.filter(answerentry_id__in=chunk).values_list(
            "answerentry_id", "product_id"
        ):
            found[entry_id].products.add(product_id)
    return found


def _units(quantities: Iterable) -> set[str]:
    return {q.unit for q in quantities if getattr(q, "unit", "")}


def _stated_units(candidate: _Candidate) -> set[str]:
    return {v.get("unit", "") for v in candidate.stated_values or () if v.get("unit")}


def match_clauses(texts: list[str], *, user, products: Iterable[int] = (), limit: int = 3) -> list[list[Match]]:
    """The best `limit` approved library answers for each text, best first (one list per
    text). A fixed number of queries per call plus one per clause."""
    return match_clauses_with(texts, user=user, products=products, limit=limit)


def match_clauses_with(
    texts: list[str], *, user, products: Iterable[int] = (), limit: int = 3, rerank: bool = True
) -> list[list[Match]]:
    """match_clauses; `rerank=False` keeps the index's order and score (the share of the
    clause's rarest terms an entry holds), for the figures without re-scoring."""
    texts = [(t or "")[:CLAUSE_MAX] for t in texts]
    if not texts:
        return []
    if not access.can_read_library(user):
        return [[] for _t in texts]
    wanted_products = {int(p) for p in products}
    groups = text.synonym_groups()
    total = AnswerEntry.objects.filter(status=AnswerStatus.APPROVED).count()
    if not total:
        return [[] for _t in texts]
    clause_terms = [text.terms(t, groups) for t in texts]
    df = _document_frequencies(set().union(*clause_terms))
    candidate_lists = [_candidate_ids(terms, df, total) for terms in clause_terms]
    candidates = _candidates({pk for found in candidate_lists for pk, _share in found})
    # Document frequencies of the candidates' own terms (their vectors' norms need them).
    entry_terms = set()
    for candidate in candidates.values():
        for vector in candidate.match_terms or ():
            entry_terms.update(vector)
    df.update(_document_frequencies(entry_terms - set(df)))
    idf = {t: _idf(n, total) for t, n in df.items()}
    default_idf = _idf(0, total)
    quantities = quantities_module()
    vectors: dict[int, list[tuple[dict[str, float], float]]] = {}
    results: list[list[Match]] = []
    for clause, terms, ids in zip(texts, clause_terms, candidate_lists, strict=True):
        clause_vector = _vector(terms, idf, default_idf)
        clause_norm = _norm(clause_vector)
        clause_quantities = quantities.find_quantities(clause) if quantities else []
        clause_units = _units(clause_quantities)
        scored = []
        for pk, share in ids:
            candidate = candidates.get(pk)
            if candidate is None:
                continue
            if not rerank:
                scored.append((min(share, 1.0), share, candidate, (), 0, 0))
                continue
            if pk not in vectors:
                vectors[pk] = [
                    (vector, _norm(vector))
                    for vector in (_vector(counts, idf, default_idf) for counts in candidate.match_terms or ())
                ]
            best, shared = 0.0, ()
            for vector, norm in vectors[pk]:
                common = [t for t in clause_vector if t in vector]
                if not common:
                    continue
                cosine = sum(clause_vector[t] * vector[t] for t in common) / (clause_norm * norm)
                if cosine > best:
                    best, shared = cosine, common
            if best <= 0:
                continue
            value = product = 0
            if clause_units:
                units = _stated_units(candidate)
                value = 1 if units & clause_units else -1 if units else 0
            if wanted_products and candidate.products:
                product = 1 if candidate.products & wanted_products else -1
            score = best
            score += VALUE_AGREES if value > 0 else -VALUE_DISAGREES if value < 0 else 0.0
            score += PRODUCT_AGREES if product > 0 else -PRODUCT_DISAGREES if product < 0 else 0.0
            scored.append((score, best, candidate, shared, value, product))
        if rerank:
            scored.sort(key=lambda item: (-item[0], -item[1], item[2].code))
        results.append(
            [
                Match(
                    entry_id=c.pk,
                    code=c.code,
                    score=round(min(max(s, 0.0), 1.0), 4),
                    reasons=_reasons(clause_vector, shared, value, product, c, clause_quantities),
                    requirement=c.requirement,
                    answer=c.answer,
                    deviation=c.deviation,
                )
                for s, _best, c, shared, value, product in scored[:limit]
            ]
        )
    return results


def _reasons(clause_vector, shared, value: int, product: int, candidate: _Candidate, clause_quantities) -> list[str]:
    reasons = []
    words = sorted(shared, key=lambda t: -clause_vector[t])[:6]
    if words:
        reasons.append(_("Same words: %(words)s") % {"words": "、".join(words)})
    if value > 0:
        stated = {v.get("unit"): v.get("text", "") for v in candidate.stated_values or ()}
        pairs = [(q.text, stated[q.unit]) for q in clause_quantities if q.unit in stated]
        asked, offered = pairs[0]
        reasons.append(_("Values: asked %(asked)s, stated %(stated)s") % {"asked": asked, "stated": offered})
    elif value < 0:
        reasons.append(_("States values of another kind"))
    if product > 0:
        reasons.append(_("For a product of the bid"))
    elif product < 0:
        reasons.append(_("For another product"))
    return reasons


def deviation_for(clause_text: str, match: Match | None) -> tuple[str, str]:
    """(code, reason): "none", "positive", "negative" or "to_confirm". Computed from the stated
    values when the clause and the answer both state comparable ones; else the entry's stated
    deviation; "to_confirm" when there is no match or it is below CONFIDENT — never "none"
    without a matching answer."""
    if match is None:
        return "to_confirm", _("No library answer matches this clause.")
    if match.score < CONFIDENT:
        return "to_confirm", _("The best library answer (%(code)s) is not a confident match.") % {"code": match.code}
    return deviation_of(clause_text, match)


def deviation_of(clause_text: str, match: Match) -> tuple[str, str]:
    """The deviation `match`'s answer gives the clause, whatever the confidence: computed
    from the values both state when comparable, else the entry's stated deviation."""
    quantities = quantities_module()
    if quantities is not None:
        comparison = quantities.deviation_between(clause_text or "", match.answer or "")
        if comparison.result in ("none", "positive", "negative"):
            return comparison.result, comparison.reason
    label = dict(Deviation.choices).get(match.deviation, match.deviation)
    return match.deviation, _("As the library answer %(code)s states: %(deviation)s") % {
        "code": match.code,
        "deviation": label,
    }
