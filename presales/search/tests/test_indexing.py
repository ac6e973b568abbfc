"""On-save indexing after commit, removal on delete, pausing for bulk loads, the reindex
command."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from presales.customers.models import Customer
from presales.search import registry
from presales.search.models import SearchEntry, SearchFacet
from presales.search.selectors import search
from presales.search.services import index_objects, indexing_paused, reindex
from presales.search.tests.conftest import CUSTOMER
from presales.testing import make_customer


def entry(customer) -> SearchEntry | None:
    return SearchEntry.objects.filter(type=CUSTOMER, object_id=customer.pk).first()


def test_a_saved_object_is_indexed_after_the_commit(customer_source, rep, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        customer = make_customer(rep, "杭州地铁集团", notes="一体化电源改造")
        assert entry(customer) is None  # not in the request's transaction
    assert callbacks
    for callback in callbacks:
        callback()
    assert entry(customer).title == "杭州地铁集团"
    assert [h.object_id for h in search(rep, "一体化电源", types=[CUSTOMER]).hits] == [customer.pk]


def test_an_edit_reindexes(customer_source, rep, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        customer = make_customer(rep, "宁波港务局")
    with django_capture_on_commit_callbacks(execute=True):
        Customer.objects.filter(pk=customer.pk).update(notes="门禁系统扩容")
        Customer.objects.get(pk=customer.pk).save()
    assert search(rep, "门禁", types=[CUSTOMER]).total == 1
    assert SearchEntry.objects.filter(type=CUSTOMER, object_id=customer.pk).count() == 1


def test_a_rolled_back_change_is_not_indexed(customer_source, rep, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            make_customer(rep, "回滚客户")
            raise RuntimeError
    assert callbacks == []
    assert not SearchEntry.objects.filter(title="回滚客户").exists()


def test_a_deleted_object_leaves_the_index(customer_source, rep, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        customer = make_customer(rep, "温州电力", industry="power_grid")
    assert SearchFacet.objects.filter(entry=entry(customer)).exists()
    with django_capture_on_commit_callbacks(execute=True):
        customer.delete()
    assert entry(customer) is None
    assert search(rep, "温州", types=[CUSTOMER]).total == 0
    assert not SearchFacet.objects.filter(entry__type=CUSTOMER).exists()


def test_an_object_whose_document_is_none_is_removed(customer_source, rep):
    customer = make_customer(rep, "休眠客户")
    index_objects(CUSTOMER, [customer.pk])
    assert entry(customer)
    Customer.objects.filter(pk=customer.pk).update(status="dormant")
    index_objects(CUSTOMER, [customer.pk])
    assert entry(customer) is None


def test_paused_indexing_waits_for_reindex(customer_source, rep, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, indexing_paused():
        customer = make_customer(rep, "批量导入客户")
    assert callbacks == [] and entry(customer) is None
    assert reindex([CUSTOMER]) == {CUSTOMER: Customer.objects.count()}
    assert entry(customer)


def test_reindex_removes_entries_of_objects_gone(customer_source, rep):
    customer = make_customer(rep, "已删除客户")
    reindex([CUSTOMER])
    Customer.objects.filter(pk=customer.pk).delete()  # its on-commit re-index never runs here
    SearchEntry.objects.create(type=CUSTOMER, object_id=10**9, title="孤儿")
    reindex([CUSTOMER])
    assert not SearchEntry.objects.filter(type=CUSTOMER, object_id__in=[customer.pk, 10**9]).exists()


def test_the_reindex_command_shows_progress_and_a_summary(customer_source, rep):
    for n in range(3):
        make_customer(rep, f"命令客户{n}")
    out = StringIO()
    call_command("search_reindex", "--type", CUSTOMER, stdout=out)
    printed = out.getvalue()
    assert "\r" in printed and "100.0%" in printed
    assert re.search(rf"{CUSTOMER}\s+3 rows\s+[\d.]+ s", printed)
    assert re.search(r"total\s+3 rows", printed)
    assert SearchEntry.objects.filter(type=CUSTOMER).count() == 3


def test_the_reindex_command_leaves_the_planner_statistics_fresh(customer_source, rep):
    from django.db import connection

    make_customer(rep, "统计客户")
    call_command("search_reindex", "--type", CUSTOMER, stdout=StringIO())
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'search_searchentry'")
            rows = [int(stat.split()[0]) for (stat,) in cursor.fetchall()]
            assert rows and min(rows) >= 1  # each index's row count, as ANALYZE saw it
        else:  # reltuples is -1 until the table is first analysed
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = to_regclass('search_searchentry')")
            assert cursor.fetchone()[0] >= 1


def test_a_search_walk_reads_narrow_rows(db):
    """PostgreSQL keeps the tsvector in the row (STORAGE MAIN, not TOAST); SQLite reads the type
    and object id of a match from a covering index, not from the wide entry row."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT attstorage FROM pg_attribute WHERE attrelid = to_regclass('search_searchentry')"
                " AND attname = 'search_vector'"
            )
            assert cursor.fetchone()[0] == "m"
            cursor.execute(
                "SELECT attstorage FROM pg_attribute WHERE attrelid = to_regclass('search_searchentry')"
                " AND attname = 'char_vector'"
            )
            assert cursor.fetchone()[0] == "m"
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_entry_cover'")
            assert "(id, type, object_id, library, industry, year, product)" in cursor.fetchone()[0]


def test_the_reindex_command_refuses_an_unknown_type(customer_source):
    with pytest.raises(CommandError, match="nope"):
        call_command("search_reindex", "--type", "nope", stdout=StringIO())


def test_a_related_model_reindexes_its_source(customer_source, rep, django_capture_on_commit_callbacks):
    from presales.customers.models import Contact
    from presales.search.registry import Source

    source = registry.get(CUSTOMER)
    registry.register(
        Source(
            type=CUSTOMER,
            label=source.label,
            model=source.model,
            document=lambda c: source.document(c).__class__(
                title=c.name, body=" ".join(p.name for p in c.contacts.all())
            ),
            queryset=lambda: Customer.objects.prefetch_related("contacts"),
            visible=source.visible,
            related=(("customers.Contact", "customer_id"),),
        )
    )
    customer = make_customer(rep, "联系人客户")
    with django_capture_on_commit_callbacks(execute=True):
        Contact.objects.create(customer=customer, name="欧阳工程师")
    assert search(rep, "欧阳", types=[CUSTOMER]).total == 1


def test_a_renamed_customer_reindexes_the_rows_that_show_its_name(rep, django_capture_on_commit_callbacks):
    from presales.customers.models import Contact
    from presales.testing import make_opportunity

    with django_capture_on_commit_callbacks(execute=True):
        customer = make_customer(rep, "宁波轨道交通集团")
        Contact.objects.create(customer=customer, name="林工")
        make_opportunity(rep, customer, name="3号线通信电源")
    assert search(rep, "宁波轨道交通", types=["contact", "opportunity"]).total == 2
    with django_capture_on_commit_callbacks(execute=True):
        customer.name = "甬城地铁运营公司"
        customer.save()
    assert search(rep, "甬城地铁", types=["contact", "opportunity"]).total == 2
    assert search(rep, "宁波轨道交通", types=["contact", "opportunity"]).total == 0
