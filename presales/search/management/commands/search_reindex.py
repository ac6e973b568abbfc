"""`manage.py search_reindex [--type X ...]`: rebuild the search index from the registered
sources (after a change of dictionary words, a bulk load, or a new source). Online: entries
are upserted chunk by chunk and stale ones removed at the end, so search keeps answering.
Then the full-text index is optimised and the planner's statistics refreshed."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from presales.search import registry
from presales.search.services import after_bulk_indexing, reindex

BAR = 30


class Command(BaseCommand):
    help = "Rebuild the search index (all types, or those given with --type)."

    def add_arguments(self, parser):
        parser.add_argument("--type", action="append", default=[], dest="types", help="a source type, repeatable")

    def handle(self, *args, types, **options):
        known = [s.type for s in registry.sources()]
        unknown = [t for t in types if t not in known]
        if unknown:
            raise CommandError(f"Unknown type(s): {', '.join(unknown)}. Known: {', '.join(known) or 'none'}.")
        started = time.monotonic()
        timings: dict[str, float] = {}
        state = {"type": None, "at": started}

        def progress(type: str, done: int, total: int) -> None:
            if state["type"] != type:
                state["type"], state["at"] = type, time.monotonic()
            share = done / total if total else 1.0
            filled = int(BAR * share)
            self.stdout.write(
                f"\r{type:<16} [{'#' * filled}{'.' * (BAR - filled)}] {share:6.1%} {done}/{total}", ending=""
            )
            self.stdout.flush()
            if done >= total and type not in timings:
                timings[type] = time.monotonic() - state["at"]
                self.stdout.write("")

        result = reindex(types, progress=progress)
        after_bulk_indexing()  # merged index segments and fresh statistics for the planner
        for type, rows in result.items():
            self.stdout.write(f"{type:<16} {rows:>8} rows {timings.get(type, 0.0):8.2f} s")
        self.stdout.write(
            self.style.SUCCESS(f"{'total':<16} {sum(result.values()):>8} rows {time.monotonic() - started:8.2f} s")
        )
