"""Background work of the search (Django's task framework; inline by default)."""

from __future__ import annotations

from django.tasks import task


@task
def index_task(type: str, pks: list[int]) -> int:
    """Re-index these objects after the commit that changed them (presales.search.signals)."""
    from presales.search.services import index_objects

    return index_objects(type, pks)
