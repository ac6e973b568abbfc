"""Roles are groups made by a data migration; presales.accounts.roles answers who holds what."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group

from presales.accounts.roles import MANAGERS, SEES_ALL, Role, has_role, is_manager, sees_all, sees_cost, user_roles
from presales.testing import make_user

pytestmark = pytest.mark.django_db


def test_the_migration_created_one_group_per_role():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(Role.values) <= names
    for code in Role.values:
        assert Group.objects.filter(name=code).count() == 1


def test_every_role_has_a_label():
    assert all(str(label) for label in Role.labels)
    assert len(set(Role.values)) == 9


@pytest.mark.parametrize("role", Role.values)
def test_single_role_user(role):
    user = make_user(f"u_{role}", role)
    assert user_roles(user) == {role}
    assert has_role(user, role)
    assert not has_role(user, *(r for r in Role.values if r != role))
    assert sees_all(user) == (role in SEES_ALL)
    assert is_manager(user) == (role in MANAGERS)


def test_who_sees_all_and_who_manages():
    """DESIGN.md §1: reps and engineers see their own; everyone else sees all; managers,
    the sales head and admins manage."""
    assert SEES_ALL == {
        Role.PRESALES_MANAGER,
        Role.SALES_HEAD,
        Role.COMMERCIAL,
        Role.FINANCE,
        Role.SERVICE_MANAGEMENT,
        Role.GENERAL_MANAGER,
        Role.ADMIN,
    }
    assert MANAGERS == {Role.PRESALES_MANAGER, Role.SALES_HEAD, Role.ADMIN}


def test_several_roles_add_up():
    user = make_user("both", Role.SALES_REP, Role.FINANCE)
    assert user_roles(user) == {Role.SALES_REP, Role.FINANCE}
    assert has_role(user, Role.FINANCE)
    assert sees_all(user)
    assert not is_manager(user)
    assert sees_cost(user)


def test_user_without_roles_holds_nothing(nobody):
    assert user_roles(nobody) == frozenset()
    assert not has_role(nobody, *Role.values)
    assert not sees_all(nobody)
    assert not is_manager(nobody)


def test_groups_that_are_not_roles_are_ignored():
    user = make_user("club")
    user.groups.add(Group.objects.create(name="羽毛球俱乐部"))
    assert user_roles(user) == frozenset()


def test_superuser_counts_as_admin():
    user = get_user_model().objects.create_superuser("root", password="Ceshi-Mima-2026!")
    assert user_roles(user) == {Role.ADMIN}
    assert has_role(user, Role.ADMIN)
    assert sees_all(user)
    assert is_manager(user)
    assert Role.ADMIN.label in user.role_labels()


def test_inactive_user_holds_no_role():
    user = make_user("gone", Role.PRESALES_MANAGER)
    user.is_active = False
    assert user_roles(user) == frozenset()
    assert not sees_all(user)


def test_anonymous_holds_no_role():
    assert user_roles(AnonymousUser()) == frozenset()
    assert not sees_all(AnonymousUser())


def test_roles_are_read_once_per_user_object(django_assert_num_queries):
    user = make_user("cached", Role.SALES_REP)
    user = get_user_model().objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        for _ in range(3):
            assert has_role(user, Role.SALES_REP)
            assert not sees_all(user)


def test_role_labels_follow_role_order(manager):
    user = make_user("multi", Role.FINANCE, Role.SALES_REP)
    assert user.role_labels() == [Role.SALES_REP.label, Role.FINANCE.label]
    assert manager.role_labels() == [Role.PRESALES_MANAGER.label]


def test_display_name_falls_back_to_username():
    assert make_user("plain").display_name == "plain"
    assert make_user("named", full_name="王销售").display_name == "王销售"


def test_the_migration_lists_exactly_the_roles():
    """The migration keeps its own copy of the codes (migrations must not import app code):
    it must stay in step with Role."""
    import importlib

    first = importlib.import_module("presales.accounts.migrations.0002_roles")
    later = importlib.import_module("presales.accounts.migrations.0004_general_manager_role")
    assert sorted([*first.ROLE_CODES, *later.ROLE_CODES]) == sorted(Role.values)
