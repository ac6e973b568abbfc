"""`manage.py load_demo`: the demo presales department (make run calls it on every start).

Idempotent: when any demo person or demo customer is already there it does nothing, and it
never mixes the demo into a database that already holds other customers or opportunities.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from presales.demo.load import demo_present, load_demo, other_data_present
from presales.search.services import after_bulk_indexing, indexing_paused, reindex


class Command(BaseCommand):
    help = "Load the demo presales department (users in every role, customers, opportunities in every stage)."

    def handle(self, *args, **options):
        found = demo_present()
        if found:
            shown = "、".join(found[:3]) + ("…" if len(found) > 3 else "")
            self.stdout.write(f"Demo data already loaded (found {shown}): nothing to do.")
            return
        if other_data_present():
            self.stdout.write(
                self.style.WARNING(
                    "This database already holds customers or opportunities that are not demo data: "
                    "the demo is only loaded into an empty database. Nothing loaded."
                )
            )
            return
        started = time.monotonic()
        # Thousands of saves: the search index is built once at the end, not per save.
        with indexing_paused():
            summary = load_demo()
        indexed = reindex()
        after_bulk_indexing()  # the merged full-text index and the planner's statistics of the tables just filled
        statuses = ", ".join(f"{count} {status}" for status, count in summary.by_status.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {time.monotonic() - started:.1f} s: {summary.users} users, "
                f"{summary.customers} customers ({summary.contacts} contacts), "
                f"{summary.opportunities} opportunities ({statuses}), {summary.deliverables} deliverables "
                f"({summary.files} with a file), {summary.activities} activities; "
                + ", ".join(f"{count} {name}" for name, count in summary.workflows.items())
                + f"; {sum(indexed.values())} search entries."
            )
        )
