from django.contrib import admin

from presales.lib.admin import ReadOnlyAdminMixin
from presales.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "subject", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
