"""The entry's life: create, edit, submit, approve, return, retire, restore, review; wordings,
uses, learning a tender's wording; the review digest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from presales.answers import services
from presales.answers.models import (
    AnswerEntry,
    AnswerStatus,
    AnswerTerm,
    AnswerTermStat,
    AnswerWording,
    WordingSource,
)
from presales.events.models import Event
from presales.lib.services import ServiceError, StaleEdit


def test_create_gives_a_yearly_code_and_keeps_a_draft(make_entry, engineer, rectifier):
    entry = make_entry(products=[rectifier], tags=["电源", "效率", "电源"], wordings=["模块效率应≥93%"])
    year = timezone.localdate().year
    assert entry.code == f"YD-{year}-0001"
    assert entry.status == AnswerStatus.DRAFT
    assert entry.owner == engineer
    assert sorted(entry.tags.values_list("name", flat=True)) == ["效率", "电源"]
    assert list(entry.products.all()) == [rectifier]
    assert entry.wordings.get().text == "模块效率应≥93%"
    assert make_entry().code == f"YD-{year}-0002"
    assert Event.objects.filter(kind="answers.entry_created").count() == 2
    # a draft is not matched: nothing indexed
    assert not AnswerTerm.objects.exists()


def test_create_refuses_missing_text_and_bad_values(make_entry):
    with pytest.raises(ServiceError) as caught:
        make_entry("  ", "", deviation="sideways", review_interval_months=99)
    assert len(caught.value.messages) == 4
    with pytest.raises(ServiceError):
        make_entry(code="has space")
    make_entry(code="EV-001")
    with pytest.raises(ServiceError, match="taken"):
        make_entry(code="EV-001")


def test_only_writers_create(make_entry, rep, commercial, manager):
    for user in (rep, commercial):
        with pytest.raises(PermissionDenied):
            make_entry(user=user)
    assert make_entry(user=manager).owner == manager


def test_draft_edit_is_direct_and_guarded_by_version(make_entry, engineer, other_engineer):
    entry = make_entry()
    updated = services.entry_update(
        user=engineer, entry=entry, data={"answer": "效率≥96%", "tags": ["效率"]}, seen_version=entry.version
    )
    assert updated.answer == "效率≥96%" and updated.version == entry.version + 1
    with pytest.raises(StaleEdit):
        services.entry_update(user=engineer, entry=entry, data={"answer": "效率≥97%"}, seen_version=entry.version)
    # another engineer may not edit someone else's draft
    with pytest.raises(PermissionDenied):
        services.entry_update(user=other_engineer, entry=entry, data={"answer": "x"})


def test_approve_indexes_and_retire_removes(make_entry, engineer, keeper, other_engineer):
    entry = make_entry(wordings=["整流器效率不低于93%"])
    services.entry_submit_for_review(user=engineer, entry=entry)
    with pytest.raises(PermissionDenied):  # not the category's owner, not a manager
        services.entry_approve(user=other_engineer, entry=entry)
    entry = services.entry_approve(user=keeper, entry=entry)
    assert entry.status == AnswerStatus.APPROVED
    assert entry.next_review_on is not None and entry.approved_at is not None
    terms = set(AnswerTerm.objects.filter(entry=entry).values_list("term", flat=True))
    assert {"整流", "模块", "效率"} <= terms
    assert AnswerTermStat.objects.get(term="效率").entries == 1
    assert len(AnswerEntry.objects.get(pk=entry.pk).match_terms) == 2  # requirement and wording
    services.entry_retire(user=keeper, entry=entry, reason="停产")
    assert not AnswerTerm.objects.filter(entry=entry).exists()
    assert AnswerTermStat.objects.get(term="效率").entries == 0
    entry = services.entry_restore(user=keeper, entry=entry)
    assert entry.status == AnswerStatus.DRAFT


def test_return_and_refusals_by_status(make_entry, engineer, manager):
    entry = make_entry()
    with pytest.raises(ServiceError, match="Not possible"):
        services.entry_return(user=manager, entry=entry)
    services.entry_submit_for_review(user=engineer, entry=entry)
    entry = services.entry_return(user=manager, entry=entry, reason="数值不对")
    assert entry.status == AnswerStatus.DRAFT
    assert Event.objects.filter(kind="answers.status_changed", data__note="数值不对").exists()


def test_mark_reviewed_moves_next_review(make_entry, engineer, keeper, rep):
    entry = make_entry(approve_by=keeper)
    AnswerEntry.objects.filter(pk=entry.pk).update(next_review_on=timezone.localdate() - timedelta(days=3))
    entry.refresh_from_db()
    assert services.review_state(entry) == "expired"
    with pytest.raises(PermissionDenied):
        services.entry_mark_reviewed(user=rep, entry=entry)
    entry = services.entry_mark_reviewed(user=engineer, entry=entry)  # the owner
    assert entry.next_review_on > timezone.localdate()
    assert services.review_state(entry) == ""


def test_wordings_add_remove_and_learn(make_entry, engineer, keeper, rep):
    entry = make_entry(approve_by=keeper)
    wording = services.wording_add(user=engineer, entry=entry, text="模块转换效率≥93%")
    assert wording.source == WordingSource.MANUAL
    assert services.wording_add(user=engineer, entry=entry, text=" 模块转换效率 ≥93% ") is None  # same text
    assert services.wording_add(user=engineer, entry=entry, text=entry.requirement) is None
    learned = services.learn_wording(user=rep, entry=entry, text="★整流器的效率应不低于93%", tender_label="ZB-01")
    assert learned.source == WordingSource.LEARNED and learned.tender_label == "ZB-01"
    assert len(AnswerEntry.objects.get(pk=entry.pk).match_terms) == 3
    with pytest.raises(PermissionDenied):
        services.wording_remove(user=rep, wording=learned)
    services.wording_remove(user=engineer, wording=learned)
    assert AnswerWording.objects.filter(entry=entry).count() == 1


def test_learn_wording_needs_a_reader_and_an_approved_entry(make_entry, engineer, nobody, keeper):
    draft = make_entry()
    assert services.learn_wording(user=engineer, entry=draft, text="别的说法") is None
    approved = make_entry(approve_by=keeper)
    with pytest.raises(PermissionDenied):
        services.learn_wording(user=nobody, entry=approved, text="别的说法")


def test_record_usage_counts(make_entry, engineer, keeper, opportunity):
    entry = make_entry(approve_by=keeper)
    usage = services.record_usage(
        user=engineer, entry=entry, opportunity=opportunity, label="ZB-01 技术偏差表", url="/x/"
    )
    services.record_usage(user=engineer, entry=entry, opportunity=None, label="")
    entry.refresh_from_db()
    assert entry.usage_count == 2
    assert usage.label == "ZB-01 技术偏差表" and usage.opportunity == opportunity
    assert entry.usages.count() == 2


def test_review_digest_tells_each_owner_once(make_entry, engineer, keeper):
    from presales.notifications.models import Notification

    due = make_entry(approve_by=keeper)
    make_entry(approve_by=keeper)  # not due
    AnswerEntry.objects.filter(pk=due.pk).update(next_review_on=timezone.localdate() + timedelta(days=3))
    assert services.send_review_digest() == 1
    note = Notification.objects.get(recipient=engineer)
    assert due.code in note.subject and due.code in note.comment
    assert services.send_review_digest() == 0  # the same day: nobody twice


def test_digest_command(make_entry, keeper, capsys):
    from django.core.management import call_command

    call_command("send_answer_review_digest")
    assert "0" in capsys.readouterr().out
