"""Libraries and folders are data: admins edit them here (and folder rules), besides the
library's own pages for presales managers."""

from django.contrib import admin

from presales.knowledge.models import Folder, FolderGrant, Library, Tag


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "code"]


class FolderGrantInline(admin.TabularInline):
    model = FolderGrant
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Folder)
class FolderAdmin(admin.ModelAdmin):
    list_display = ["name", "library", "parent", "order", "inherit", "access"]
    list_filter = ["library", "access", "inherit"]
    list_select_related = ["library", "parent"]
    search_fields = ["name"]
    inlines = [FolderGrantInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]
