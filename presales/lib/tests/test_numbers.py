from decimal import Decimal

import pytest
from django.template import Context, Template

from presales.lib.numbers import plain


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("150.000"), "150"),
        (Decimal("10"), "10"),
        (Decimal("1000.0"), "1000"),
        (Decimal("2.500"), "2.5"),
        (Decimal("0.001"), "0.001"),
        (None, ""),
    ],
)
def test_plain_never_uses_scientific_notation(value, shown):
    assert plain(value) == shown


def test_plain_filter_is_available_in_every_template():
    assert Template("{{ q|plain }} A").render(Context({"q": Decimal("150.000")})) == "150 A"


def test_a_badge_shows_the_count_up_to_its_cap():
    from django.utils.functional import SimpleLazyObject

    from presales.lib.numbers import BADGE_CAP
    from presales.lib.templatetags.numbers import badge

    assert [badge(0), badge(7), badge(BADGE_CAP), badge(BADGE_CAP + 1)] == ["0", "7", "99", "99+"]
    assert badge(SimpleLazyObject(lambda: 12)) == "12"
    assert badge(None) == ""


@pytest.mark.django_db
def test_the_navigation_counts_stop_at_the_cap(rf, rep):
    """A user with 150 unread notifications: the count reads at most 100 rows and shows 99+."""
    from django.db import connection
    from django.template import engines
    from django.test.utils import CaptureQueriesContext

    from presales.approvals.context_processors import inbox_counts
    from presales.notifications.models import Notification, NotificationKind

    Notification.objects.bulk_create(
        [Notification(recipient=rep, subject="测试通知", kind=NotificationKind.choices[0][0]) for _ in range(150)]
    )
    request = rf.get("/")
    request.user = rep
    with CaptureQueriesContext(connection) as queries:
        shown = engines["django"].from_string("{{ nav_unread_count|badge }}").render(inbox_counts(request))
    assert shown == "99+"
    assert "LIMIT 100" in queries.captured_queries[-1]["sql"]
