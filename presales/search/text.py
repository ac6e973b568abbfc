"""Chinese text as the index and the queries see it (jieba, plus the admins' words).

Index text
    NFKC-normalised and lowercased, cut by jieba (no HMM: what is a word is the dictionary's
    decision, so a passage and a query cut the same word the same way). A Chinese word is
    followed by every shorter dictionary word inside it (as jieba's search mode does, for all
    lengths: 一体化电源系统 also yields 一体化电源), latin letters and digits are split into
    runs (IMPS48/150 → imps 48 150). A code (runs written together or joined by / - . _ + #,
    or letters, a space and digits) is also kept joined, from each of its runs to its end
    (imps48150, 48150), so a code query is one token matched as a prefix — no phrase to check
    position by position. After the words comes the stream of single Chinese characters (behind
    CHARS_MARK), so a one- or two-character query (屏, 均流) matches inside any longer word as
    a phrase of characters, on both back-ends.

Queries
    Cut the same way; each word is a term and every term must match (AND). A code (letters and
    digits, also typed with spaces or slashes: `IMPS 48`) is its runs joined, matched as the
    prefix of an indexed code (imps48 → imps48150). A term of one or two characters is a phrase
    of characters. A term in a synonym group matches any word of its group (OR). Terms are
    quoted by the back-ends: user text never reaches MATCH / tsquery syntax.

The dictionary and the synonyms are rows admins edit (SearchWord, SynonymGroup). jieba loads
once per process, lazily, its cache file under VAR_DIR; each process checks the words' version
(count and latest change of both tables, one cheap query) at most every
SEARCH_WORDS_CHECK_SECONDS (default 30) and reloads when it changed; a save in this process
reloads at once. Rows indexed before a change keep their old segmentation until
`manage.py search_reindex`.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass

from django.conf import settings

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ONE_CJK = re.compile(rf"[{CJK}]")
_RUNS = re.compile(rf"[{CJK}]+|[a-z]+|[0-9]+")
_QUERY_ITEMS = re.compile(rf"[{CJK}]+|[a-z]+|[0-9]+|\s+|[/\-._+#]+|.", re.S)
_CODE_ITEMS = re.compile(r"[a-z]+|[0-9]+|[/\-._+#]+|\s+|.", re.S)
CODE_RUNS_MAX = 8  # runs of one code joined (a longer one is an IP address, a date, a list)
QUERY_MAX = 200  # characters of a query considered
# Between the words and the character stream of an index text. A separator to FTS5 (a control
# character is no token) and whitespace to str.split(); PostgreSQL builds a vector of each half
# (migration 0008), so a word query reads a tsvector half the size.
CHARS_MARK = "\x1f"
TERMS_MAX = 12  # terms of a query considered

_lock = threading.Lock()
_state: dict = {"tokenizer": None, "version": None, "checked": 0.0, "added": set(), "synonyms": {}}


def is_cjk(char: str) -> bool:
    return bool(_ONE_CJK.fullmatch(char))


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _tokenizer():
    """The jieba tokenizer, built on first use (not at import: a management command that never
    searches should not pay for the dictionary), its cache file under VAR_DIR."""
    if _state["tokenizer"] is None:
        with _lock:
            if _state["tokenizer"] is None:
                import jieba

                logging.getLogger("jieba").setLevel(logging.WARNING)
                jieba.setLogLevel(logging.WARNING)
                cache_dir = settings.VAR_DIR / "cache"
                cache_dir.mkdir(parents=True, exist_ok=True)
                jieba.dt.tmp_dir = str(cache_dir)
                jieba.dt.cache_file = "jieba.cache"
                jieba.dt.initialize()
                _state["tokenizer"] = jieba.dt
    _refresh_words()
    return _state["tokenizer"]


def invalidate() -> None:
    """The words changed in this process: check again on the next use."""
    _state["checked"] = 0.0


def _words_version():
    from django.db.models import Count, Max

    from presales.search.models import SearchWord, SynonymGroup

    words = SearchWord.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    groups = SynonymGroup.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    return (words["n"], words["at"], groups["n"], groups["at"])


def _refresh_words() -> None:
    interval = getattr(settings, "SEARCH_WORDS_CHECK_SECONDS", 30)
    now = time.monotonic()
    if _state["checked"] and now - _state["checked"] < interval:
        return
    _state["checked"] = now
    version = _words_version()
    if version == _state["version"]:
        return
    from presales.search.models import SearchWord, SynonymGroup, parse_terms

    dt = _state["tokenizer"]
    with _lock:
        words = {normalize(w): f for w, f in SearchWord.objects.values_list("word", "weight")}
        synonyms: dict[str, tuple[str, ...]] = {}
        for terms in SynonymGroup.objects.values_list("terms", flat=True):
            group = tuple(dict.fromkeys(normalize(t) for t in parse_terms(terms)))
            for term in group:
                words.setdefault(term, 20000)
                synonyms[_key(term)] = tuple(dict.fromkeys(synonyms.get(_key(term), ()) + group))
        for word in _state["added"] - set(words):
            dt.del_word(word)
        for word, freq in words.items():
            if re.search(rf"[{CJK}]", word):
                dt.add_word(word, freq=max(int(freq or 1), 1))
        _state["added"] = set(words)
        _state["synonyms"] = synonyms
        _state["version"] = version


def _key(term: str) -> str:
    return "".join(_RUNS.findall(normalize(term)))


def _subwords(word: str, freq: dict) -> list[str]:
    """The dictionary words inside a Chinese word, shorter first (jieba's search mode, every length)."""
    found = []
    for length in range(2, len(word)):
        for start in range(len(word) - length + 1):
            part = word[start : start + length]
            if freq.get(part):
                found.append(part)
    return found


def _joined(runs: list[str], gap: str, item: str) -> bool:
    """Whether `item` continues the code `runs` across `gap` (the same rule as a query's)."""
    prev = runs[-1]
    return gap == "" or bool(re.fullmatch(r"[/\-._+#]+", gap)) or (gap.isspace() and prev.isalpha() and item.isdigit())


def codes(text: str) -> list[str]:
    """The joined forms of the codes in normalised `text`: for IMPS48/150, imps48150 and 48150."""
    found: list[str] = []
    runs: list[str] = []
    gap = ""

    def close() -> None:
        group = runs[:CODE_RUNS_MAX]
        found.extend("".join(group[i:]) for i in range(len(group) - 1))

    for item in _CODE_ITEMS.findall(text):
        if item[0].isascii() and item.isalnum():
            if runs and not _joined(runs, gap, item):
                close()
                runs = []
            runs.append(item)
            gap = ""
        elif runs and not gap and (re.fullmatch(r"[/\-._+#]+", item) or item.isspace()):
            gap = item
        else:
            if runs:
                close()
            runs, gap = [], ""
    if runs:
        close()
    return list(dict.fromkeys(found))


def tokens(text: str) -> str:
    """The index text of `text`: words, the joined codes, then CHARS_MARK and its Chinese
    characters, space-joined."""
    text = normalize(text)
    if not text.strip():
        return ""
    dt = _tokenizer()
    words: list[str] = []
    for piece in dt.cut(text, HMM=False):
        for run in _RUNS.findall(piece):
            if len(run) > 2 and run[0] >= "\u3400":
                words.extend(_subwords(run, dt.FREQ))
            words.append(run)
    chars = re.findall(rf"[{CJK}]", text)
    if not chars:
        return " ".join(words + codes(text))
    return " ".join(words + codes(text)) + f" {CHARS_MARK} " + " ".join(chars)


@dataclass(frozen=True)
class Phrase:
    """Tokens that must follow one another; `prefix`: the last one may be the start of a token."""

    tokens: tuple[str, ...]
    prefix: bool = False


# A query: a list of terms, all required; a term: alternatives, any of which may match; an
# alternative: phrases, all required (a synonym of several words).
Alternative = tuple[Phrase, ...]
Term = tuple[Alternative, ...]


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]
    words: tuple[str, ...]  # what the snippet marks: every term and synonym as typed/segmented

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def has_synonyms(self) -> bool:
        return any(len(term) > 1 for term in self.terms)

    def as_typed(self) -> Query:
        """The query without its synonyms: rows holding the words as typed rank first."""
        return Query(terms=tuple(term[:1] for term in self.terms), words=self.words)


def _pieces(text: str, dt) -> list[tuple[str, str]]:
    """("code", "imps 48 150") and ("cjk", "直流屏") pieces of a normalised query, in order."""
    items = _QUERY_ITEMS.findall(text)
    pieces: list[tuple[str, str]] = []
    code: list[str] = []
    i = 0
    while i < len(items):
        item = items[i]
        if re.fullmatch(r"[a-z]+|[0-9]+", item):
            if code:
                prev, gap = code[-1], items[i - 1]
                joined = (
                    gap == prev
                    or re.fullmatch(r"[/\-._+#]+", gap)
                    or (gap.isspace() and prev.isalpha() and item.isdigit())
                )
                if not joined:
                    pieces.append(("code", " ".join(code)))
                    code = []
            code.append(item)
        elif code and (re.fullmatch(r"[/\-._+#]+", item) or item.isspace()):
            pass  # decided by the next run
        else:
            if code:
                pieces.append(("code", " ".join(code)))
                code = []
            if re.fullmatch(rf"[{CJK}]+", item):
                single: list[str] = []
                for word in dt.cut(item, HMM=False):
                    if len(word) == 1:
                        single.append(word)
                        continue
                    if single:
                        pieces.append(("cjk", "".join(single)))
                        single = []
                    pieces.append(("cjk", word))
                if single:
                    pieces.append(("cjk", "".join(single)))
        i += 1
    if code:
        pieces.append(("code", " ".join(code)))
    return pieces


def _alternative(kind: str, text: str) -> Alternative:
    if kind == "code":
        return (Phrase(("".join(text.split()),), prefix=True),)
    if len(text) <= 2 or not _state["tokenizer"].FREQ.get(text):
        return (Phrase(tuple(text)),)  # characters in a row, inside any word
    return (Phrase((text,)),)


def parse(q: str) -> Query:
    """The terms of a query (see the module docstring); an empty Query when nothing is searchable."""
    dt = _tokenizer()
    text = normalize(q)[:QUERY_MAX]
    terms: list[Term] = []
    words: list[str] = []
    for kind, piece in _pieces(text, dt)[:TERMS_MAX]:
        alternatives = [_alternative(kind, piece)]
        group = _state["synonyms"].get(_key(piece), ())
        words.append(piece)
        for synonym in group:
            if _key(synonym) == _key(piece):
                continue
            words.append(synonym)
            alternative = tuple(
                phrase for sub_kind, sub in _pieces(synonym, dt) for phrase in _alternative(sub_kind, sub)
            )
            if alternative:
                alternatives.append(alternative)
        terms.append(tuple(dict.fromkeys(alternatives)))
    return Query(terms=tuple(terms), words=tuple(dict.fromkeys(words)))
