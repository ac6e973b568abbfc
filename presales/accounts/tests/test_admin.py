"""The admin screen for users and roles: administrators use it, nobody else gets in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from presales.accounts.models import Department
from presales.accounts.roles import Role

pytestmark = pytest.mark.django_db


def user_change_data(user, **changes) -> dict:
    """The fields of the admin's user change form, as the browser posts them."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "groups": [g.pk for g in user.groups.all()],
        "user_permissions": [],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "full_name": user.full_name,
        "department": user.department_id or "",
        "title": user.title,
        "phone": user.phone,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != "" or k in ("last_login_0", "last_login_1")}


def test_admin_opens_the_user_list(client, admin_user, rep, engineer):
    client.force_login(admin_user)
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "王销售" in html and "张工" in html


def test_admin_user_list_shows_roles(settings, client, admin_user, rep):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    client.force_login(admin_user)
    response = client.get(reverse("admin:accounts_user_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Sales rep" in response.content.decode()


def test_admin_changes_a_users_roles(client, admin_user, rep):
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[rep.pk])
    assert client.get(url).status_code == 200
    groups = [Group.objects.get(name=Role.SALES_REP).pk, Group.objects.get(name=Role.PRESALES_MANAGER).pk]

    response = client.post(url, user_change_data(rep, groups=groups, title="大区经理"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    rep.refresh_from_db()
    assert set(rep.groups.values_list("name", flat=True)) == {Role.SALES_REP, Role.PRESALES_MANAGER}
    assert rep.title == "大区经理"


def test_admin_adds_a_user_with_a_role_and_a_checked_password(client, admin_user):
    client.force_login(admin_user)
    department = Department.objects.create(name="售前部")
    url = reverse("admin:accounts_user_add")
    base = {
        "username": "newbie",
        "full_name": "新同事",
        "department": department.pk,
        "groups": [Group.objects.get(name=Role.PRESALES_ENGINEER).pk],
        "usable_password": "true",
    }
    weak = client.post(url, {**base, "password1": "12345678", "password2": "12345678"})
    assert weak.status_code == 200
    assert not weak.context["adminform"].form.is_valid()

    response = client.post(url, {**base, "password1": "Xin-Tong-Shi-2026!", "password2": "Xin-Tong-Shi-2026!"})
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="newbie")
    assert user.full_name == "新同事"
    assert user.department == department
    assert list(user.groups.values_list("name", flat=True)) == [Role.PRESALES_ENGINEER]
    assert user.check_password("Xin-Tong-Shi-2026!")


def test_superuser_opens_the_admin(client, db):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", password="Ceshi-Mima-2026!")
    client.force_login(root)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


@pytest.mark.parametrize("persona", ["rep", "engineer", "manager", "finance", "nobody"])
def test_non_admins_cannot_open_the_admin(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for url in ("/admin/", reverse("admin:accounts_user_changelist")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login"))


def test_staff_flag_without_the_admin_role_grants_no_user_management(client, db):
    """A staff account that holds no admin role sees no user screens."""
    from presales.testing import make_user

    helper = make_user("helper", Role.SALES_REP, is_staff=True)
    client.force_login(helper)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    rep_group = Group.objects.get(name=Role.SALES_REP)
    client.post(
        reverse("admin:accounts_user_change", args=[helper.pk]),
        user_change_data(helper, groups=[rep_group.pk, Group.objects.get(name=Role.ADMIN).pk]),
    )
    assert list(helper.groups.values_list("name", flat=True)) == [Role.SALES_REP]


def test_anonymous_is_sent_to_the_admin_login(client, db):
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_greets_the_administrator_by_his_whole_name(client, admin_user):
    admin_user.full_name, admin_user.last_name, admin_user.first_name = "系统管理员", "系", "统管理员"
    admin_user.save()
    client.force_login(admin_user)

    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "<strong>系统管理员</strong>" in page
    assert "<strong>统管理员</strong>" not in page


def test_admin_names_roles_by_their_labels(settings, client, admin_user, rep):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    client.force_login(admin_user)

    groups = client.get(reverse("admin:auth_group_changelist"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    users = client.get(reverse("admin:accounts_user_changelist"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Presales manager" in groups and "presales_manager" not in groups
    assert "Presales manager" in users and "presales_manager" not in users  # the roles filter
    assert Group.objects.filter(name=Role.PRESALES_MANAGER).exists()  # the code still finds it by name


def test_admin_history_says_what_changed_and_shows_no_none(client, admin_user, customer):
    client.force_login(admin_user)

    page = client.get(reverse("admin:customers_customer_history", args=[customer.pk])).content.decode()

    assert "审批意见" not in page  # the history's kind of change is no approval comment
    assert "None" not in page  # no reason given: a dash
    assert "Changes" not in page


def test_admin_department_pages_open(client, admin_user):
    department = Department.objects.create(name="信息中心")
    client.force_login(admin_user)

    assert client.get(reverse("admin:accounts_department_change", args=[department.pk])).status_code == 200
    assert client.get(reverse("admin:accounts_department_history", args=[department.pk])).status_code == 200


def test_admin_greeting_has_no_space_after_the_chinese_comma(client, admin_user):
    admin_user.full_name = "系统管理员"
    admin_user.save()
    client.force_login(admin_user)

    page = client.get(reverse("admin:index")).content.decode()

    assert "欢迎，<strong>系统管理员</strong>" in page
