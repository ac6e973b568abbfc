from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The one search module: apps register what they index in `<app>/search_index.py`."""

    name = "presales.search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from django.utils.module_loading import autodiscover_modules

        # Like events.py: once every app is loaded the sources are complete. The core apps'
        # sources live here (they may not import the search); the others in their search_index.py.
        import presales.search.sources  # noqa: F401
        from presales.search import signals
        from presales.search.models import SearchWord, SynonymGroup

        autodiscover_modules("search_index")
        signals.connect_all()
        for model in (SearchWord, SynonymGroup):
            post_save.connect(signals.words_changed, sender=model, dispatch_uid=f"search-words-{model.__name__}")
            post_delete.connect(signals.words_changed, sender=model, dispatch_uid=f"search-words-d-{model.__name__}")
