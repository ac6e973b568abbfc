"""Competitor profiles: who reads and writes them, "where we met them" from the opportunities
(exact names and aliases, only what the reader sees), and creating the missing profiles."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from presales.knowledge import selectors_reuse as selectors
from presales.knowledge.models_reuse import Competitor
from presales.knowledge.services import cases as services
from presales.lib.services import ServiceError
from presales.opportunities.models import Opportunity
from presales.testing import make_customer, make_opportunity

READERS = ["rep", "engineer", "manager", "sales_head", "commercial", "general_manager", "admin_user"]
NOT_READERS = ["finance", "service_mgmt", "nobody"]


@pytest.fixture
def huawei(engineer):
    return services.competitor_create(
        user=engineer,
        data={"name": "华为", "aliases": "Huawei、华为技术", "strengths": "品牌强", "typical_prices": "低于我司5%"},
    )


def _opportunity(owner, customer, name, *, competitors="", status="active", winner=""):
    opportunity = make_opportunity(owner, customer, name=name, competitors=competitors)
    if status != "active":
        Opportunity.objects.filter(pk=opportunity.pk).update(
            status=status, winning_competitor=winner, close_reason="测试关闭"
        )
    return opportunity


@pytest.fixture
def met(rep, other_rep, customer):
    other_customer = make_customer(other_rep, "宁波市交通局")
    return {
        "open": _opportunity(rep, customer, "视频监控一期", competitors="华为、中兴"),
        "won": _opportunity(rep, customer, "视频监控二期", competitors="ABB，HUAWEI", status="won"),
        "lost": _opportunity(rep, customer, "直流电源改造", competitors="中兴", status="lost", winner="华为技术"),
        "lost_other": _opportunity(rep, customer, "机房改造", competitors="华为", status="lost", winner="中兴"),
        "not_them": _opportunity(rep, customer, "数字能源", competitors="华为数字能源"),
        "hidden": _opportunity(other_rep, other_customer, "交通信号", competitors="华为"),
    }


@pytest.mark.parametrize("persona", READERS)
def test_sales_presales_commercial_and_managers_read_profiles(request, client, persona, huawei):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("competitors:list")).status_code == 200
    response = client.get(reverse("competitors:detail", args=[huawei.pk]))
    assert response.status_code == 200 and "低于我司5%" in response.content.decode()


@pytest.mark.parametrize("persona", NOT_READERS)
def test_finance_service_management_and_roleless_accounts_do_not(request, client, persona, huawei):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("competitors:list")).status_code == 403
    assert client.get(reverse("competitors:detail", args=[huawei.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["rep", "commercial", "finance"])
def test_only_presales_and_managers_write_profiles(db, request, persona):
    with pytest.raises(PermissionDenied):
        services.competitor_create(user=request.getfixturevalue(persona), data={"name": "中兴"})


def test_where_we_met_them_matches_names_and_aliases_exactly(huawei, met, manager):
    found = selectors.encounters(manager, huawei)
    names = {o.name for o in found.rows}
    assert names == {"视频监控一期", "视频监控二期", "直流电源改造", "机房改造", "交通信号"}
    assert "数字能源" not in names  # 华为数字能源 is another company until it is made an alias
    assert (found.total, found.won, found.lost_to_them, found.lost_to_others, found.open) == (5, 1, 1, 1, 2)


def test_where_we_met_them_lists_and_counts_only_what_the_reader_sees(huawei, met, rep, other_rep):
    mine = selectors.encounters(rep, huawei)
    assert "交通信号" not in {o.name for o in mine.rows} and mine.total == 4 and mine.open == 1
    theirs = selectors.encounters(other_rep, huawei)
    assert [o.name for o in theirs.rows] == ["交通信号"] and theirs.total == 1


def test_the_profile_page_shows_the_counts(client, rep, huawei, met):
    client.force_login(rep)
    page = client.get(reverse("competitors:detail", args=[huawei.pk])).content.decode()
    assert "4 opportunities: won 1, lost to them 1, lost to others 1, open 1" in page
    assert "交通信号" not in page


def test_a_name_or_alias_of_another_profile_is_refused(huawei, engineer):
    with pytest.raises(ServiceError, match="华为"):
        services.competitor_create(user=engineer, data={"name": "ｈｕａｗｅｉ"})
    zte = services.competitor_create(user=engineer, data={"name": "中兴"})
    with pytest.raises(ServiceError):
        services.competitor_update(user=engineer, competitor=zte, data={"aliases": "华为技术"})


def test_sync_creates_the_missing_profiles_once(huawei, met, manager):
    created = services.competitors_sync_from_opportunities(user=manager)
    assert sorted(c.name for c in created) == sorted(["中兴", "ABB", "华为数字能源"])
    assert services.competitors_sync_from_opportunities(user=manager) == []
    assert Competitor.objects.count() == 4


def test_sync_is_for_managers(engineer, rep):
    for user in (engineer, rep):
        with pytest.raises(PermissionDenied):
            services.competitors_sync_from_opportunities(user=user)


def test_sync_button(client, manager, engineer, met):
    client.force_login(engineer)
    assert client.post(reverse("competitors:sync")).status_code == 403
    client.force_login(manager)
    response = client.post(reverse("competitors:sync"), follow=True)
    assert "6 competitor profiles created from the opportunities." in response.content.decode()
    assert set(Competitor.objects.values_list("name", flat=True)) == {
        "华为",
        "中兴",
        "ABB",
        "HUAWEI",
        "华为技术",
        "华为数字能源",
    }


def test_edit_form_keeps_what_was_typed_when_refused(client, engineer, huawei):
    zte = services.competitor_create(user=engineer, data={"name": "中兴"})
    client.force_login(engineer)
    response = client.post(
        reverse("competitors:edit", args=[zte.pk]), {"name": "中兴通讯", "aliases": "Huawei", "version": zte.version}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "already a name of the competitor profile" in page and "中兴通讯" in page


def test_profile_page_reads_a_fixed_number_of_queries(client, rep, customer, huawei, django_assert_max_num_queries):
    client.force_login(rep)
    url = reverse("competitors:detail", args=[huawei.pk])
    for i in range(3):
        _opportunity(rep, customer, f"项目{i}", competitors="华为")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for i in range(30):
        _opportunity(rep, customer, f"更多项目{i}", competitors="华为", status="lost", winner="华为")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["encounters"].total == 33
