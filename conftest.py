"""Shared personas (STYLE.md §7): one user per role, built once per test that asks."""

from __future__ import annotations

import pytest

from presales.testing import make_user

_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    """A skipped test would look green without checking anything: the run fails instead."""
    if _skipped and exitstatus == 0:
        print(f"\n{len(_skipped)} test(s) skipped — tests that cannot run must fail:", *_skipped, sep="\n  ")
        session.exitstatus = 1


@pytest.fixture
def rep(db):
    return make_user("rep", "sales_rep", full_name="王销售")


@pytest.fixture
def other_rep(db):
    return make_user("other_rep", "sales_rep", full_name="李销售")


@pytest.fixture
def engineer(db):
    return make_user("engineer", "presales_engineer", full_name="张工")


@pytest.fixture
def other_engineer(db):
    return make_user("other_engineer", "presales_engineer", full_name="赵工")


@pytest.fixture
def manager(db):
    return make_user("manager", "presales_manager", full_name="陈主管")


@pytest.fixture
def sales_head(db):
    return make_user("sales_head", "sales_head", full_name="刘总监")


@pytest.fixture
def commercial(db):
    return make_user("commercial", "commercial", full_name="周商务")


@pytest.fixture
def finance(db):
    return make_user("finance", "finance", full_name="吴财务")


@pytest.fixture
def service_mgmt(db):
    return make_user("service_mgmt", "service_management", full_name="郑服管")


@pytest.fixture
def general_manager(db):
    """总经理: sees every customer, opportunity, quote and contract with cost and margin, and
    decides the price reviews below 15 % margin; edits nothing of the projects themselves."""
    return make_user("gm", "general_manager", full_name="王总")


@pytest.fixture
def admin_user(db):
    return make_user("admin_user", "admin", full_name="系统管理员", is_staff=True)


@pytest.fixture
def nobody(db):
    """An active account that holds no role."""
    return make_user("nobody")


@pytest.fixture
def customer(rep):
    from presales.testing import make_customer

    return make_customer(rep, "杭州市公安局")


@pytest.fixture
def opportunity(rep, engineer, customer):
    """An opportunity of `rep`, led by `engineer`, in the first stage (接触)."""
    from presales.testing import make_opportunity

    return make_opportunity(rep, customer, presales_lead=engineer)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test land in its own temporary folder, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """The API throttles count requests in the cache (local memory, kept for the whole run):
    each test starts with no requests counted, whatever ran before it."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Building a dozen personas with the production hasher (PBKDF2, a million rounds) costs
    seconds per test; tests check who may do what, not hashing strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
