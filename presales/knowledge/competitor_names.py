"""How competitor names are read from the opportunities' free text ("华为、中兴, ABB").

The sales reps type the competitor field by hand: names separated by commas (half- or
full-width), 、 or semicolons. A name matches a profile's name or one of its aliases when
they are equal after NFKC (full-width letters become half-width), case folding and removing
spaces — "ＡＢＢ", "abb" and "A B B" are one competitor; a name is never matched by a part of
it ("华为" does not match "华为数字能源": add it as an alias), so counts do not mix companies.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[,，、;；|\n\r\t]+")
NAME_MAX = 100  # Competitor.name's max_length


def split_names(text: str) -> list[str]:
    """The names in a competitor field, in order, each once (by its key), blanks dropped."""
    names, seen = [], set()
    for part in _SEPARATORS.split(text or ""):
        name = " ".join(part.split())[:NAME_MAX]
        key = name_key(name)
        if key and key not in seen:
            seen.add(key)
            names.append(name)
    return names


def name_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name or "").casefold().split())
