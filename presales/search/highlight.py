"""Highlighted titles and snippets, cut from the raw text (not the tokens): every query word
and synonym is wrapped in <mark>, after the text itself is HTML-escaped (user text may hold
<script>); only the escaped result is marked safe."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from presales.search.text import CJK

WINDOW = 120
MATCHES_MAX = 200


def pattern(words) -> re.Pattern | None:
    """One regex for the words, longest first; a code's runs match with or without separators
    (imps 48 → IMPS48, IMPS 48, IMPS-48)."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        runs = re.findall(rf"[{CJK}]+|[a-z]+|[0-9]+", word)
        if not runs:
            continue
        parts.append(r"[\s/\-._+#]*".join(re.escape(r) for r in runs))
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _marked(text: str, regex: re.Pattern | None) -> str:
    if regex is None:
        return escape(text)
    out, last = [], 0
    for m in regex.finditer(text):
        if m.end() == m.start():
            continue
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group())}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def title_html(title: str, regex: re.Pattern | None) -> SafeString:
    return mark_safe(_marked(title, regex))  # noqa: S308 — escaped in _marked


def snippet_html(body: str, regex: re.Pattern | None, width: int = WINDOW) -> SafeString:
    """About `width` characters around the place where most different words match."""
    body = body or ""
    if not body:
        return mark_safe("")
    start = 0
    if regex is not None:
        matches = []
        for m in regex.finditer(body):
            matches.append((m.start(), m.group().lower()))
            if len(matches) >= MATCHES_MAX:
                break
        best = -1
        for i, (pos, _word) in enumerate(matches):
            distinct = {w for p, w in matches[i:] if p < pos + width}
            if len(distinct) > best:
                best, start = len(distinct), max(pos - width // 4, 0)
    end = min(start + width, len(body))
    if end - start < width:
        start = max(end - width, 0)
    window = body[start:end]
    html = _marked(window, regex)
    if start > 0:
        html = "…" + html
    if end < len(body):
        html += "…"
    return mark_safe(html)  # noqa: S308 — escaped in _marked
