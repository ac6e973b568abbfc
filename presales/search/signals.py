"""On-save indexing.

Why signals here, when the project keeps logic out of them: the index is derived data, like a
cache. Every service that saves a customer, a solution version or a quote line would otherwise
have to remember to re-index — and the one that forgets leaves search answering with stale or
deleted text. The receivers do no work of their own: after the commit they enqueue the index
task for the object (or, for a `related` model, the object it feeds), so a rolled-back change
is never indexed and segmentation never runs in the request.
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from presales.search import registry


def _changed(sender, instance, **kwargs) -> None:
    from presales.search.services import is_paused

    if is_paused() or kwargs.get("raw") or sender._meta.apps is not apps:
        return  # a fixture load, or a data migration's historical model: reindex afterwards
    for source, attr in registry.sources_for_model(sender._meta.label):
        if callable(attr):  # several objects (a renamed customer's opportunities): found after the commit
            transaction.on_commit(lambda type=source.type, find=attr: _enqueue(type, list(find(instance))))
            continue
        pk = getattr(instance, attr, None)
        if pk is None:
            continue
        transaction.on_commit(lambda type=source.type, pk=pk: _enqueue(type, [pk]))


ENQUEUE_CHUNK = 500  # objects per index task


def _enqueue(type: str, pks: list[int]) -> None:
    from presales.search.tasks import index_task

    for start in range(0, len(pks), ENQUEUE_CHUNK):
        index_task.enqueue(type, [int(pk) for pk in pks[start : start + ENQUEUE_CHUNK]])


def connect(label: str) -> None:
    """Connect the receivers to a model (once, whatever the number of calls); a source with no
    model (a test corpus written through services.write_passages) has none."""
    if not label:
        return
    model = apps.get_model(label)
    post_save.connect(_changed, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"search-delete-{model._meta.label}")


def connect_all() -> None:
    for source in registry.sources():
        connect(source.model)
        for label, _attr in source.related:
            connect(label)


def words_changed(**kwargs) -> None:
    from presales.search import text

    text.invalidate()
