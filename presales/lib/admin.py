"""Admin helpers."""

from __future__ import annotations


class ReadOnlyAdminMixin:
    """Business objects are changed through the pages (services with checks and audit),
    never behind their back in the admin: the admin only shows them. Deleting them there
    would also leave their approvals waiting in people's inboxes and their files on disk."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
