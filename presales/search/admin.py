"""The words admins teach the search: dictionary words and synonym groups. A change applies to
new searches at once (every process reloads within SEARCH_WORDS_CHECK_SECONDS); rows indexed
before keep their old segmentation until `manage.py search_reindex` (said on the forms)."""

from django.contrib import admin

from presales.search.models import SearchWord, SynonymGroup


@admin.register(SearchWord)
class SearchWordAdmin(admin.ModelAdmin):
    list_display = ("word", "kind", "weight", "updated_at")
    list_filter = ("kind",)
    search_fields = ("word",)


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    list_display = ("terms", "updated_at")
    search_fields = ("terms",)
