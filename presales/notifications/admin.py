from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from presales.lib.admin import ReadOnlyAdminMixin
from presales.notifications import services
from presales.notifications.models import Notification, OutgoingMail


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "subject", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The mail queue, for the admin to see what did not go out and why. Rows are written
    and sent only by the queue; the one change offered here is "retry now"."""

    list_display = ["created_at", "recipient", "subject", "status", "attempts", "next_attempt_at", "sent_at", "error"]
    list_filter = ["status"]
    search_fields = ["recipient", "subject"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    fields = [
        "recipient",
        "from_email",
        "subject",
        "body",
        "status",
        "attempts",
        "next_attempt_at",
        "last_attempt_at",
        "sent_at",
        "last_error",
        "created_at",
        "notification",
    ]
    readonly_fields = fields

    @admin.display(description=_("last error"))
    def error(self, obj):
        return Truncator(obj.last_error).chars(120)

    def has_retry_permission(self, request):
        return request.user.has_perm("notifications.change_outgoingmail")

    @admin.action(description=_("Retry now"), permissions=["retry"])
    def retry_now(self, request, queryset):
        ids = services.mail_retry(user=request.user, mail_ids=queryset.values_list("pk", flat=True))
        skipped = queryset.count() - len(ids)
        if ids:
            # Sent after this commit: at once with the inline task back-end, by the worker
            # otherwise. The list below shows how it went.
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail is being sent again; its status in the list shows the outcome.",
                    "%(count)d e-mails are being sent again; their status in the list shows the outcome.",
                    len(ids),
                )
                % {"count": len(ids)},
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail was already sent and is left alone.",
                    "%(count)d e-mails were already sent and are left alone.",
                    skipped,
                )
                % {"count": skipped},
            )
