"""manage.py send_library_review_digest: one notification per owner listing what falls due
within 14 days or is overdue; documents past their date marked review overdue; nothing twice."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from presales.events.models import Event
from presales.knowledge.models import DocumentStatus
from presales.notifications.models import Notification, NotificationKind

from .conftest import make_document, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(tech_editors, engineer, other_engineer):
    with time_machine.travel(date(2026, 1, 10)):
        soon = publish(make_document(engineer, tech_editors, "一月到期", interval=12), engineer)  # due 2027-01-10
        overdue = publish(make_document(engineer, tech_editors, "早已到期", interval=6), engineer)  # due 2026-07-10
        later = publish(make_document(engineer, tech_editors, "明年到期", interval=24), engineer)  # due 2028-01-10
        never = publish(make_document(engineer, tech_editors, "无需复审", interval=0), engineer)
        other = publish(make_document(other_engineer, tech_editors, "赵工的文档", interval=12), other_engineer)
        draft = make_document(engineer, tech_editors, "草稿", interval=1)
    return {"soon": soon, "overdue": overdue, "later": later, "never": never, "other": other, "draft": draft}


def run():
    out = StringIO()
    call_command("send_library_review_digest", stdout=out)
    return out.getvalue()


def test_digest_lists_due_and_overdue_and_expires_the_overdue(documents, engineer, other_engineer):
    with time_machine.travel(date(2026, 12, 30)):
        output = run()
    assert "digests sent: 2" in output and "marked review overdue: 1" in output
    mine = Notification.objects.get(recipient=engineer, kind=NotificationKind.LIBRARY_REVIEW_DUE)
    assert mine.subject == "早已到期、一月到期"  # overdue first, by date
    assert "2026-07-10 早已到期" in mine.comment and "2027-01-10 一月到期" in mine.comment
    assert "明年到期" not in mine.comment and "无需复审" not in mine.comment and "草稿" not in mine.comment
    theirs = Notification.objects.get(recipient=other_engineer, kind=NotificationKind.LIBRARY_REVIEW_DUE)
    assert theirs.subject == "赵工的文档"
    for key, status in {"overdue": DocumentStatus.EXPIRED, "soon": DocumentStatus.PUBLISHED}.items():
        documents[key].refresh_from_db()
        assert documents[key].status == status
    assert Event.objects.filter(kind="knowledge.review_overdue", subject_id=documents["overdue"].pk).count() == 1


def test_a_second_run_the_same_day_sends_nothing_twice(documents, engineer):
    with time_machine.travel(date(2026, 12, 30)):
        run()
        output = run()
    assert "digests sent: 0" in output and "marked review overdue: 0" in output
    assert Notification.objects.filter(recipient=engineer, kind=NotificationKind.LIBRARY_REVIEW_DUE).count() == 1
    with time_machine.travel(date(2026, 12, 31)):
        run()
    assert Notification.objects.filter(recipient=engineer, kind=NotificationKind.LIBRARY_REVIEW_DUE).count() == 2


def test_nothing_due_sends_nothing(documents):
    with time_machine.travel(date(2026, 2, 1)):
        output = run()
    assert "digests sent: 0" in output
    assert not Notification.objects.filter(kind=NotificationKind.LIBRARY_REVIEW_DUE).exists()


def test_notification_reads_in_the_readers_language(documents, engineer):
    from django.utils import translation

    with time_machine.travel(date(2026, 12, 30)):
        run()
    note = Notification.objects.get(recipient=engineer, kind=NotificationKind.LIBRARY_REVIEW_DUE)
    with translation.override("en"):
        assert note.text == "Your library documents due for review: 早已到期、一月到期"


def test_my_work_lists_my_documents_due_for_review(documents, engineer, client):
    from django.urls import reverse

    with time_machine.travel(date(2027, 1, 1)):
        client.force_login(engineer)
        html = client.get(reverse("home")).content.decode()
    assert 'data-testid="my-documents-due"' in html
    overdue = html.index(f'data-testid="due-document-{documents["overdue"].pk}"')
    assert overdue < html.index(f'data-testid="due-document-{documents["soon"].pk}"')
    for name in ("later", "never", "other", "draft"):
        assert f'data-testid="due-document-{documents[name].pk}"' not in html
