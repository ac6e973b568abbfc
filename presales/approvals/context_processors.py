from django.utils.functional import SimpleLazyObject


def inbox_counts(request):
    """Counts shown in the navigation's badges, read only when a page shows them and no
    further than the badge shows ("99+")."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from presales.approvals.selectors import pending_count
    from presales.lib.numbers import capped_count
    from presales.notifications.models import Notification

    return {
        "nav_approvals_count": SimpleLazyObject(lambda: pending_count(user)),
        "nav_unread_count": SimpleLazyObject(
            lambda: capped_count(Notification.objects.filter(recipient=user).unread())
        ),
    }
