"""presales.customers.services: create, duplicate names, stale edits, owner changes, contacts,
and the audit trail django-simple-history keeps for each."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from presales.customers import services
from presales.customers.models import Contact, Customer, normalize_name
from presales.lib.services import ServiceError, StaleEdit
from presales.testing import make_customer, make_opportunity

pytestmark = pytest.mark.django_db


# --- create -----------------------------------------------------------------------------------


def test_create_sets_owner_key_and_version(rep):
    customer = services.customer_create(
        user=rep,
        data={"name": "  浙江省电力公司 ", "short_name": "浙电", "industry": "power_grid", "region": "浙江省杭州市"},
    )
    customer.refresh_from_db()
    assert customer.name == "浙江省电力公司"
    assert customer.name_key == normalize_name("浙江省电力公司")
    assert customer.owner == rep
    assert customer.updated_by == rep
    assert customer.version == 1
    assert (customer.short_name, customer.industry, customer.region) == ("浙电", "power_grid", "浙江省杭州市")
    assert customer.status == "potential"


def test_create_refused_without_name(rep):
    with pytest.raises(ServiceError):
        services.customer_create(user=rep, data={"name": "   ", "industry": "other"})
    assert not Customer.objects.exists()


@pytest.mark.parametrize("persona", ["engineer", "finance", "service_mgmt", "general_manager", "nobody"])
def test_create_refused_for_roles_without_the_right(persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.customer_create(user=user, data={"name": "某客户", "industry": "other"})
    assert not Customer.objects.exists()


@pytest.mark.parametrize("persona", ["rep", "commercial", "manager", "sales_head", "admin_user"])
def test_create_allowed_for_reps_commercial_and_managers(persona, request):
    user = request.getfixturevalue(persona)
    customer = services.customer_create(user=user, data={"name": "某客户", "industry": "other"})
    assert customer.owner == user


# --- duplicate names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ("杭州市公安局", "杭州市公安局 "),
        ("杭州市公安局", " 杭州市 公安局"),
        ("杭州市公安局", "杭州市公安局\u3000"),  # ideographic (full-width) space
        ("ＡＢＣ科技", "abc科技"),
        ("abc科技", "ＡＢＣ科技"),
        ("ABC科技", "abc 科技"),
    ],
)
def test_create_refuses_a_duplicate_name_and_names_the_owner(rep, other_rep, existing, typed):
    make_customer(rep, existing)
    with pytest.raises(ServiceError) as caught:
        services.customer_create(user=other_rep, data={"name": typed, "industry": "other"})
    message = caught.value.messages[0]
    assert "王销售" in message  # the existing owner's display name
    assert existing in message
    assert Customer.objects.count() == 1


def test_a_duplicate_of_ones_own_customer_does_not_send_one_to_oneself(rep):
    make_customer(rep, "杭州市公安局")
    with translation.override("en"), pytest.raises(ServiceError) as caught:
        services.customer_create(user=rep, data={"name": "杭州市公安局", "industry": "other"})
    message = caught.value.messages[0]
    assert "杭州市公安局" in message and rep.display_name not in message and "already have" in message


def test_different_names_are_not_duplicates(rep):
    make_customer(rep, "杭州市公安局")
    make_customer(rep, "杭州市公安局交警支队")
    assert Customer.objects.count() == 2


def test_rename_onto_an_existing_name_is_refused(rep, other_rep):
    make_customer(rep, "杭州市公安局")
    mine = make_customer(other_rep, "宁波市公安局")
    with pytest.raises(ServiceError) as caught:
        services.customer_update(customer=mine, user=other_rep, data={"name": "杭州市公安局 "}, seen_version=1)
    assert "王销售" in caught.value.messages[0]
    mine.refresh_from_db()
    assert mine.name == "宁波市公安局"


def test_renaming_to_its_own_name_with_other_spacing_is_allowed(rep):
    customer = make_customer(rep, "ABC科技")
    updated = services.customer_update(customer=customer, user=rep, data={"name": "ＡＢＣ科技"}, seen_version=1)
    assert updated.name == "ＡＢＣ科技"
    assert updated.name_key == normalize_name("abc科技")


# --- update and stale edits --------------------------------------------------------------------


def test_update_bumps_version_and_records_editor(rep):
    customer = make_customer(rep, "杭州市公安局")
    updated = services.customer_update(customer=customer, user=rep, data={"region": "浙江省杭州市"}, seen_version=1)
    updated.refresh_from_db()
    assert updated.region == "浙江省杭州市"
    assert updated.version == 2
    assert updated.updated_by == rep


def test_update_without_changes_keeps_the_version(rep):
    customer = make_customer(rep, "杭州市公安局", region="杭州")
    updated = services.customer_update(customer=customer, user=rep, data={"region": "杭州"}, seen_version=1)
    assert updated.version == 1
    assert customer.history.count() == 1


def test_stale_update_is_refused_and_names_who_changed_it(rep, manager):
    customer = make_customer(rep, "杭州市公安局")
    seen = customer.version
    services.customer_update(customer=customer, user=manager, data={"status": "key"}, seen_version=seen)

    with pytest.raises(StaleEdit) as caught:
        services.customer_update(customer=customer, user=rep, data={"region": "杭州"}, seen_version=seen)

    assert caught.value.changed_by == "陈主管"
    assert "陈主管" in caught.value.messages[0]
    assert caught.value.changed_at is not None
    customer.refresh_from_db()
    assert customer.region == ""
    assert customer.status == "key"
    assert customer.version == seen + 1


def test_update_with_the_current_version_succeeds_after_a_refusal(rep, manager):
    customer = make_customer(rep, "杭州市公安局")
    services.customer_update(customer=customer, user=manager, data={"status": "key"}, seen_version=1)
    with pytest.raises(StaleEdit):
        services.customer_update(customer=customer, user=rep, data={"region": "杭州"}, seen_version=1)
    updated = services.customer_update(customer=customer, user=rep, data={"region": "杭州"}, seen_version=2)
    assert (updated.region, updated.status, updated.version) == ("杭州", "key", 3)


def test_update_refused_for_a_user_who_may_not_edit(rep, other_rep, engineer):
    customer = make_customer(rep, "杭州市公安局")
    make_opportunity(rep, customer, presales_lead=engineer)  # engineer sees the customer, may not edit
    for user in (other_rep, engineer):
        with pytest.raises(PermissionDenied):
            services.customer_update(customer=customer, user=user, data={"region": "杭州"}, seen_version=1)
    customer.refresh_from_db()
    assert customer.region == ""


def test_manager_may_edit_any_customer(rep, manager):
    customer = make_customer(rep, "杭州市公安局")
    services.customer_update(customer=customer, user=manager, data={"notes": "主管补充"}, seen_version=1)
    customer.refresh_from_db()
    assert customer.notes == "主管补充"


# --- owner ------------------------------------------------------------------------------------


def test_rep_cannot_create_a_customer_for_someone_else(rep, other_rep):
    customer = services.customer_create(user=rep, data={"name": "某客户", "industry": "other", "owner": other_rep})
    assert customer.owner == rep


def test_rep_cannot_reassign_his_customer(rep, other_rep):
    customer = make_customer(rep, "杭州市公安局")
    updated = services.customer_update(
        customer=customer, user=rep, data={"owner": other_rep, "region": "杭州"}, seen_version=1
    )
    updated.refresh_from_db()
    assert updated.owner == rep
    assert updated.region == "杭州"


@pytest.mark.parametrize("persona", ["manager", "sales_head", "admin_user"])
def test_managers_reassign_the_owner(persona, rep, other_rep, request):
    user = request.getfixturevalue(persona)
    customer = make_customer(rep, "杭州市公安局")
    services.customer_update(customer=customer, user=user, data={"owner": other_rep}, seen_version=1)
    customer.refresh_from_db()
    assert customer.owner == other_rep


def test_manager_creates_a_customer_for_a_rep(manager, rep):
    customer = services.customer_create(user=manager, data={"name": "某客户", "industry": "other", "owner": rep})
    assert customer.owner == rep


# --- contacts ---------------------------------------------------------------------------------

CONTACT = {"name": "张处长", "title": "科技处处长", "decision_role": "decision_maker", "attitude": "favourable"}


def test_owner_adds_and_changes_a_contact(rep, customer):
    contact = services.contact_save(customer=customer, user=rep, data=CONTACT)
    assert contact.customer == customer
    services.contact_save(customer=customer, user=rep, data={**CONTACT, "attitude": "champion"}, contact=contact)
    contact.refresh_from_db()
    assert contact.attitude == "champion"
    assert customer.contacts.count() == 1


def test_manager_adds_a_contact_to_any_customer(manager, customer):
    services.contact_save(customer=customer, user=manager, data=CONTACT)
    assert customer.contacts.count() == 1


@pytest.mark.parametrize("persona", ["other_rep", "engineer", "finance", "commercial", "general_manager", "nobody"])
def test_contact_save_refused_for_non_editors(persona, customer, opportunity, request):
    # `opportunity` lets the engineer see the customer; finance, commercial and the general
    # manager see all.
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.contact_save(customer=customer, user=user, data=CONTACT)
    assert not Contact.objects.exists()


def test_contact_of_another_customer_cannot_be_changed_through_mine(rep, other_rep, customer):
    theirs = make_customer(other_rep, "宁波市公安局")
    contact = services.contact_save(customer=theirs, user=other_rep, data=CONTACT)
    with pytest.raises(PermissionDenied):
        services.contact_save(customer=customer, user=rep, data={**CONTACT, "name": "改名"}, contact=contact)
    contact.refresh_from_db()
    assert contact.name == "张处长"
    assert contact.customer == theirs


def test_contact_delete_by_owner(rep, customer):
    contact = services.contact_save(customer=customer, user=rep, data=CONTACT)
    contact_id = contact.pk
    services.contact_delete(contact=contact, user=rep)
    assert not Contact.objects.exists()
    deleted = Contact.history.filter(id=contact_id, history_type="-").get()
    assert deleted.history_user == rep


@pytest.mark.parametrize("persona", ["other_rep", "engineer", "finance"])
def test_contact_delete_refused_for_non_editors(persona, rep, customer, opportunity, request):
    contact = services.contact_save(customer=customer, user=rep, data=CONTACT)
    with pytest.raises(PermissionDenied):
        services.contact_delete(contact=contact, user=request.getfixturevalue(persona))
    assert Contact.objects.filter(pk=contact.pk).exists()


# --- audit ------------------------------------------------------------------------------------


def test_history_records_who_created_and_changed_a_customer(rep, manager):
    customer = make_customer(rep, "杭州市公安局")
    services.customer_update(customer=customer, user=manager, data={"status": "key"}, seen_version=1)
    records = list(customer.history.order_by("history_date", "history_id"))
    assert [(r.history_type, r.history_user) for r in records] == [("+", rep), ("~", manager)]
    assert [r.status for r in records] == ["potential", "key"]


def test_history_records_who_changed_a_contact(rep, manager, customer):
    contact = services.contact_save(customer=customer, user=rep, data=CONTACT)
    services.contact_save(customer=customer, user=manager, data={**CONTACT, "phone": "0571-1234567"}, contact=contact)
    records = list(contact.history.order_by("history_date", "history_id"))
    assert [(r.history_type, r.history_user) for r in records] == [("+", rep), ("~", manager)]


# --- import (the rows as the spreadsheet parser hands them over) ---------------------------------


def test_import_creates_all_rows_or_none(rep):
    rows = [
        (2, {"name": "杭州市公安局", "industry": "public_security"}),
        (3, {"name": "浙江大学", "industry": "education"}),
    ]
    report = services.customers_import(user=rep, rows=rows)
    assert report.ok
    assert sorted(c.name for c in report.created) == ["杭州市公安局", "浙江大学"]
    assert set(Customer.objects.values_list("owner", flat=True)) == {rep.pk}


def test_import_with_one_bad_row_creates_nothing(rep, other_rep):
    make_customer(other_rep, "宁波市公安局")
    rows = [
        (2, {"name": "杭州市公安局", "industry": "public_security"}),
        (3, {"name": "", "industry": "education"}),
        (4, {"name": "ＡＢＣ科技", "industry": "other"}),
        (5, {"name": "abc 科技", "industry": "other"}),
        (6, {"name": "宁波市公安局", "industry": "public_security"}),
    ]
    report = services.customers_import(user=rep, rows=rows)
    assert not report.ok
    assert [row for row, _message in report.errors] == [3, 5, 6]
    assert "4" in report.errors[1][1]  # same customer as row 4
    assert "李销售" in report.errors[2][1]
    assert report.created == []
    assert list(Customer.objects.values_list("name", flat=True)) == ["宁波市公安局"]


def test_import_refused_without_the_right(finance):
    with pytest.raises(PermissionDenied):
        services.customers_import(user=finance, rows=[(2, {"name": "浙江大学", "industry": "education"})])
    assert not Customer.objects.exists()
