"""The customer pages: list search and filters, detail, create and edit, and who gets which."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from presales.customers import services
from presales.customers.models import Customer
from presales.testing import make_customer, make_opportunity

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def listed(client, user, query: str = "") -> list[str]:
    client.force_login(user)
    response = client.get(reverse("customers:list") + query)
    assert response.status_code == 200
    return [c.name for c in response.context["page"].object_list]


def form_data(customer: Customer, **changes) -> dict:
    data = {
        "name": customer.name,
        "short_name": customer.short_name,
        "industry": customer.industry,
        "region": customer.region,
        "size": customer.size,
        "source": customer.source,
        "status": customer.status,
        "address": customer.address,
        "notes": customer.notes,
        "version": customer.version,
    }
    return {**data, **changes}


def input_value(html: str, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    if not match:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


# --- list: search and filters -------------------------------------------------------------------


@pytest.fixture
def book(rep, manager):
    make_customer(rep, "杭州市公安局", short_name="杭州公安", region="浙江省杭州市", status="key")
    make_customer(rep, "浙江大学", industry="education", region="浙江省杭州市")
    zhejiang_grid = make_customer(manager, "国网浙江省电力公司", industry="power_grid", region="浙江省")
    make_customer(manager, "南京地铁", industry="rail", region="江苏省南京市", status="key")
    services.contact_save(customer=zhejiang_grid, user=manager, data={"name": "钱主任", "title": "信通公司主任"})


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("", ["南京地铁", "国网浙江省电力公司", "杭州市公安局", "浙江大学"]),
        ("?q=公安", ["杭州市公安局"]),
        ("?q=杭州公安", ["杭州市公安局"]),  # short name
        ("?q=南京市", ["南京地铁"]),  # region
        ("?q=钱主任", ["国网浙江省电力公司"]),  # a contact's name
        ("?q=++浙江大学++", ["浙江大学"]),  # spaces around the term are ignored
        ("?industry=education", ["浙江大学"]),
        ("?status=key", ["南京地铁", "杭州市公安局"]),
        ("?region=杭州", ["杭州市公安局", "浙江大学"]),
        ("?region=浙江&industry=power_grid", ["国网浙江省电力公司"]),
        ("?q=没有这个客户", []),
    ],
)
def test_list_search_and_filters(client, book, manager, query, names):
    assert sorted(listed(client, manager, query)) == sorted(names)


def test_only_mine(client, book, manager):
    assert sorted(listed(client, manager, "?mine=on")) == ["南京地铁", "国网浙江省电力公司"]


def test_rep_search_stays_within_what_he_may_see(client, book, rep):
    assert sorted(listed(client, rep)) == ["杭州市公安局", "浙江大学"]
    assert listed(client, rep, "?q=南京") == []
    assert listed(client, rep, "?q=钱主任") == []  # another customer's contact
    assert listed(client, rep, "?status=key") == ["杭州市公安局"]


def test_an_unknown_filter_value_is_ignored_not_an_error(client, book, manager):
    assert len(listed(client, manager, "?industry=nonsense")) == 4


def test_total_counts_only_visible_customers(client, book, rep):
    client.force_login(rep)
    response = client.get(reverse("customers:list"))
    assert response.context["total"] == 2
    assert re.search(r'data-testid="total">\s*2\b', response.content.decode())


@pytest.mark.parametrize("persona", ["nobody", "other_engineer"])
def test_users_without_customers_see_an_empty_list(client, book, persona, request):
    assert listed(client, request.getfixturevalue(persona)) == []


# --- opportunity counts and the detail page -----------------------------------------------------


@pytest.fixture
def shared(rep, other_rep, engineer, customer):
    """rep's customer with two opportunities: rep's own and one of other_rep's he is not on."""
    mine = make_opportunity(rep, customer, name="杭州市公安局视频云项目", presales_lead=engineer)
    theirs = make_opportunity(other_rep, customer, name="杭州市公安局机密项目")
    return mine, theirs


def count_for(client, user, customer) -> int:
    client.force_login(user)
    response = client.get(reverse("customers:list"))
    row = next(c for c in response.context["page"].object_list if c.pk == customer.pk)
    return row.opportunity_count


def test_opportunity_count_counts_only_visible_opportunities(
    client, shared, customer, rep, other_rep, manager, general_manager
):
    assert count_for(client, rep, customer) == 1
    assert count_for(client, other_rep, customer) == 1
    assert count_for(client, manager, customer) == 2
    assert count_for(client, general_manager, customer) == 2


def test_opportunity_count_is_not_multiplied_by_contacts_or_team(client, shared, customer, rep, other_engineer):
    mine, _theirs = shared
    from presales.opportunities import services as opportunity_services

    opportunity_services.opportunity_member_add(opportunity=mine, user=rep, member=other_engineer, role="")
    for name in ("甲", "乙", "丙"):
        services.contact_save(customer=customer, user=rep, data={"name": name})
    assert count_for(client, rep, customer) == 1
    assert count_for(client, other_engineer, customer) == 1


def test_detail_shows_contacts_and_only_visible_opportunities(client, shared, customer, rep):
    mine, theirs = shared
    services.contact_save(
        customer=customer, user=rep, data={"name": "张处长", "title": "科技处处长", "concerns": "技术架构、成功案例"}
    )
    client.force_login(rep)
    response = client.get(reverse("customers:detail", args=[customer.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "张处长" in html and "科技处处长" in html and "技术架构、成功案例" in html
    assert list(response.context["opportunities"]) == [mine]
    assert mine.code in html and mine.name in html
    assert theirs.code not in html and theirs.name not in html


def test_detail_for_the_other_rep_shows_only_his_opportunity(client, shared, customer, other_rep):
    mine, theirs = shared
    client.force_login(other_rep)
    response = client.get(reverse("customers:detail", args=[customer.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert theirs.code in html
    assert mine.code not in html and mine.name not in html
    assert response.context["can_edit"] is False


def test_detail_for_a_manager_shows_every_opportunity(client, shared, customer, manager):
    client.force_login(manager)
    response = client.get(reverse("customers:detail", args=[customer.pk]))
    assert set(response.context["opportunities"]) == set(shared)


def test_detail_shows_the_change_history(client, customer, rep, manager):
    services.customer_update(customer=customer, user=manager, data={"region": "浙江省杭州市"}, seen_version=1)
    client.force_login(rep)
    response = client.get(reverse("customers:detail", args=[customer.pk]))
    history = response.context["history"]
    assert [row["who"] for row in history] == ["陈主管", "王销售"]
    assert "浙江省杭州市" in response.content.decode()


# --- create -------------------------------------------------------------------------------------


def test_create_saves_and_redirects_to_the_detail(client, rep):
    client.force_login(rep)
    response = client.post(
        reverse("customers:create"),
        {"name": "浙江大学", "short_name": "浙大", "industry": "education", "status": "potential"},
    )
    customer = Customer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("customers:detail", args=[customer.pk])
    assert (customer.name, customer.short_name, customer.owner) == ("浙江大学", "浙大", rep)


def test_create_form_has_no_owner_field_for_a_rep_but_has_one_for_a_manager(client, rep, manager):
    client.force_login(rep)
    assert "owner" not in client.get(reverse("customers:create")).context["form"].fields
    client.force_login(manager)
    assert "owner" in client.get(reverse("customers:create")).context["form"].fields


def test_rep_posting_an_owner_still_owns_the_new_customer(client, rep, other_rep):
    client.force_login(rep)
    client.post(
        reverse("customers:create"),
        {"name": "浙江大学", "industry": "education", "status": "potential", "owner": other_rep.pk},
    )
    assert Customer.objects.get().owner == rep


def test_create_refuses_a_duplicate_and_keeps_the_typed_values(settings, client, customer, other_rep):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    client.force_login(other_rep)
    response = client.post(
        reverse("customers:create"),
        {
            "name": "杭州市公安局 ",
            "short_name": "市局",
            "industry": "public_security",
            "region": "浙江省杭州市",
            "status": "active",
            "notes": "从展会获得的线索",
        },
        **EN,
    )
    assert response.status_code == 200
    assert Customer.objects.count() == 1
    form = response.context["form"]
    assert any("王销售" in e for e in form.errors["name"])
    html = response.content.decode()
    assert "王销售" in html
    assert input_value(html, "short_name") == "市局"
    assert input_value(html, "region") == "浙江省杭州市"
    assert "从展会获得的线索" in html
    assert re.search(r'<option value="active"[^>]*selected', html)


@pytest.mark.parametrize("persona", ["engineer", "finance", "general_manager", "nobody"])
def test_create_forbidden_without_the_right(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("customers:create")).status_code == 403
    response = client.post(reverse("customers:create"), {"name": "浙江大学", "industry": "education"})
    assert response.status_code == 403
    assert not Customer.objects.exists()


# --- edit and stale edits -------------------------------------------------------------------------


def test_owner_edits_his_customer(client, customer, rep):
    client.force_login(rep)
    response = client.post(reverse("customers:edit", args=[customer.pk]), form_data(customer, region="杭州"))
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.region, customer.version) == ("杭州", 2)


def test_second_save_of_an_old_copy_is_refused_and_keeps_the_typed_values(settings, client, customer, rep, manager):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    client.force_login(rep)
    opened = client.get(reverse("customers:edit", args=[customer.pk]))
    assert input_value(opened.content.decode(), "version") == "1"
    rep_copy = form_data(customer)  # what the rep's browser holds

    services.customer_update(customer=customer, user=manager, data={"status": "key"}, seen_version=1)

    response = client.post(
        reverse("customers:edit", args=[customer.pk]),
        {**rep_copy, "region": "浙江省杭州市上城区", "notes": "王销售的补充"},
        **EN,
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert any("Changed by 陈主管" in e for e in errors)
    html = response.content.decode()
    assert "Changed by 陈主管" in html
    assert input_value(html, "region") == "浙江省杭州市上城区"
    assert "王销售的补充" in html
    customer.refresh_from_db()
    assert (customer.status, customer.region, customer.notes, customer.version) == ("key", "", "", 2)


def test_after_a_stale_refusal_saving_again_keeps_the_users_input(client, customer, rep, manager):
    """The refusal says "check their changes, then save again": the form it shows carries the
    current version, so the second save goes through."""
    client.force_login(rep)
    services.customer_update(customer=customer, user=manager, data={"status": "key"}, seen_version=1)
    typed = {**form_data(customer, version=1), "status": "key", "region": "上城区"}
    refused = client.post(reverse("customers:edit", args=[customer.pk]), typed)
    assert refused.status_code == 200
    assert input_value(refused.content.decode(), "version") == "2"

    again = client.post(reverse("customers:edit", args=[customer.pk]), {**typed, "version": 2})
    assert again.status_code == 302
    customer.refresh_from_db()
    assert (customer.status, customer.region, customer.version) == ("key", "上城区", 3)


def test_edit_forbidden_for_a_rep_who_sees_the_customer_through_a_team(client, rep, other_rep, engineer):
    theirs = make_customer(other_rep, "宁波市公安局")
    make_opportunity(other_rep, theirs, presales_lead=engineer, team=[rep])
    client.force_login(rep)
    assert client.get(reverse("customers:detail", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("customers:edit", args=[theirs.pk])).status_code == 403
    response = client.post(reverse("customers:edit", args=[theirs.pk]), form_data(theirs, notes="偷偷改"))
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.notes == ""


def test_general_manager_sees_every_customer_and_edits_none(client, customer, general_manager):
    """He sees all (roles.SEES_ALL) but is not a manager: customers.access.can_edit refuses."""
    contact = services.contact_save(customer=customer, user=customer.owner, data={"name": "张处长"})
    client.force_login(general_manager)
    assert client.get(reverse("customers:detail", args=[customer.pk])).status_code == 200
    assert client.get(reverse("customers:edit", args=[customer.pk])).status_code == 403
    response = client.post(reverse("customers:edit", args=[customer.pk]), form_data(customer, notes="总经理改"))
    assert response.status_code == 403
    assert client.post(reverse("customers:contact_create", args=[customer.pk]), {"name": "x"}).status_code == 403
    assert client.post(reverse("customers:contact_delete", args=[customer.pk, contact.pk])).status_code == 403
    customer.refresh_from_db()
    assert customer.notes == "" and list(customer.contacts.values_list("name", flat=True)) == ["张处长"]


def test_contact_pages_forbidden_for_a_rep_who_sees_the_customer_through_a_team(client, rep, other_rep, engineer):
    theirs = make_customer(other_rep, "宁波市公安局")
    contact = services.contact_save(customer=theirs, user=other_rep, data={"name": "孙科长"})
    make_opportunity(other_rep, theirs, presales_lead=engineer, team=[rep])
    client.force_login(rep)
    assert client.get(reverse("customers:contact_create", args=[theirs.pk])).status_code == 403
    assert client.post(reverse("customers:contact_create", args=[theirs.pk]), {"name": "x"}).status_code == 403
    edit_url = reverse("customers:contact_edit", args=[theirs.pk, contact.pk])
    assert client.post(edit_url, {"name": "改", "attitude": "neutral"}).status_code == 403
    delete_url = reverse("customers:contact_delete", args=[theirs.pk, contact.pk])
    assert client.post(delete_url).status_code == 403
    assert list(theirs.contacts.values_list("name", flat=True)) == ["孙科长"]


def test_manager_edits_any_customer_and_may_reassign(client, customer, manager, other_rep):
    client.force_login(manager)
    response = client.post(reverse("customers:edit", args=[customer.pk]), form_data(customer, owner=other_rep.pk))
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.owner == other_rep


# --- not visible: 404 -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["other_rep", "engineer", "nobody"])
def test_customer_not_visible_is_404_everywhere(client, customer, persona, request):
    contact = services.contact_save(customer=customer, user=customer.owner, data={"name": "张处长"})
    client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("customers:detail", args=[customer.pk]),
        reverse("customers:edit", args=[customer.pk]),
        reverse("customers:contact_create", args=[customer.pk]),
        reverse("customers:contact_edit", args=[customer.pk, contact.pk]),
    ):
        assert client.get(url).status_code == 404, url
    delete_url = reverse("customers:contact_delete", args=[customer.pk, contact.pk])
    assert client.post(delete_url).status_code == 404
    assert customer.contacts.count() == 1


def test_missing_customer_is_404(client, manager):
    client.force_login(manager)
    assert client.get(reverse("customers:detail", args=[999999])).status_code == 404


# --- contacts through the pages ------------------------------------------------------------------


def test_owner_adds_edits_and_deletes_a_contact(client, customer, rep):
    client.force_login(rep)
    response = client.post(
        reverse("customers:contact_create", args=[customer.pk]),
        {"name": "张处长", "title": "科技处处长", "decision_role": "decision_maker", "attitude": "favourable"},
    )
    assert response.status_code == 302
    contact = customer.contacts.get()
    assert (contact.name, contact.decision_role) == ("张处长", "decision_maker")

    client.post(
        reverse("customers:contact_edit", args=[customer.pk, contact.pk]),
        {"name": "张处长", "title": "副局长", "attitude": "champion"},
    )
    contact.refresh_from_db()
    assert (contact.title, contact.attitude) == ("副局长", "champion")

    assert client.get(reverse("customers:contact_delete", args=[customer.pk, contact.pk])).status_code == 405
    client.post(reverse("customers:contact_delete", args=[customer.pk, contact.pk]))
    assert not customer.contacts.exists()


def test_contact_of_another_customer_is_404_through_mine(client, customer, rep, other_rep):
    theirs = make_customer(other_rep, "宁波市公安局")
    contact = services.contact_save(customer=theirs, user=other_rep, data={"name": "孙科长"})
    client.force_login(rep)
    url = reverse("customers:contact_edit", args=[customer.pk, contact.pk])
    assert client.post(url, {"name": "改名", "attitude": "neutral"}).status_code == 404
    assert client.post(reverse("customers:contact_delete", args=[customer.pk, contact.pk])).status_code == 404
    contact.refresh_from_db()
    assert contact.name == "孙科长"


def test_new_opportunity_from_the_customer_page_starts_with_that_customer(client, rep, customer):
    client.force_login(rep)

    page = client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    form = client.get(reverse("opportunities:create"), {"customer": customer.pk}).context["form"]

    assert f"?customer={customer.pk}" in page
    assert form.initial["customer"] == customer
    assert form.initial["industry"] == customer.industry


def test_new_opportunity_ignores_a_customer_the_user_may_not_see(client, rep, other_rep):
    hidden = make_customer(other_rep, "宁波市公安局")
    client.force_login(rep)

    form = client.get(reverse("opportunities:create"), {"customer": hidden.pk}).context["form"]

    assert "customer" not in form.initial


def test_customer_history_includes_contact_changes_even_after_deletion(client, rep, customer):
    contact = services.contact_save(customer=customer, user=rep, data={"name": "叶晓峰", "title": "科长"})
    services.contact_save(customer=customer, user=rep, data={"title": "处长"}, contact=contact)
    services.contact_delete(contact=contact, user=rep)
    client.force_login(rep)

    rows = client.get(reverse("customers:detail", args=[customer.pk])).context["history"]

    contact_rows = [row for row in rows if "叶晓峰" in row["subject"]]
    assert [str(row["kind"]) for row in contact_rows] == ["删除", "修改", "创建"]
    assert ("职务", "科长", "处长") in contact_rows[1]["changes"]
    assert all(row["who"] == rep.display_name for row in contact_rows)


def test_customer_page_queries_do_not_grow_with_contacts(client, rep, customer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(rep)
    url = reverse("customers:detail", args=[customer.pk])
    services.contact_save(customer=customer, user=rep, data={"name": "联系人0"})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(1, 15):
        contact = services.contact_save(customer=customer, user=rep, data={"name": f"联系人{number}"})
        services.contact_save(customer=customer, user=rep, data={"title": "工程师"}, contact=contact)
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)


def test_the_list_counts_opportunities_for_the_page_it_shows_only(client, manager, rep):
    """52 customers with one opportunity each: page 2 shows 2 with their count, and the
    grouped count reads only the customers of the page, not all of them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(52):
        make_opportunity(rep, make_customer(rep, f"分页客户{i:02d}"))
    client.force_login(manager)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("customers:list"), {"page": 2})
    rows = list(response.context["page"])
    assert len(rows) == 2
    assert all(row.opportunity_count == 1 for row in rows)
    grouped = [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    assert len(grouped) == 1
    counted = re.search(r'"customer_id" IN \(([\d, ]+)\)', grouped[0]).group(1)
    assert {int(pk) for pk in counted.split(",")} == {row.pk for row in rows}
