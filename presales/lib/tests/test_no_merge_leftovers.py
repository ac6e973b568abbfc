"""No merge-conflict marker is left in the sources: a `<<<<<<<` line in app.css once made the
browser drop the rules that followed it (the library preview lost its height)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ("presales", "docs", "bench", "bin")
SUFFIXES = {".py", ".html", ".css", ".js", ".md", ".po", ".txt", ".toml", ".json", ".yml", ".yaml", ".cfg"}
MARKER = re.compile(r"^(<{7}|>{7}) ", re.M)  # not "=======": a Markdown heading may underline with it


def test_no_conflict_marker_in_the_sources():
    files = [
        path
        for top in SOURCES
        for path in (ROOT / top).rglob("*")
        if path.suffix in SUFFIXES and path.is_file() and "vendor" not in path.parts
    ]
    assert len(files) > 100  # the walk found the sources
    leftovers = [str(path.relative_to(ROOT)) for path in files if MARKER.search(path.read_text(errors="replace"))]
    assert leftovers == []
