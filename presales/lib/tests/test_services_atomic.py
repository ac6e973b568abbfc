"""Every public service that locks a row runs in a transaction (STYLE.md §3). SQLite ignores
SELECT … FOR UPDATE outside one, so a lost @transaction.atomic would only fail on PostgreSQL,
and only outside the tests' own transaction: this walks the source instead."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import presales

LOCKS = ("select_for_update", "_lock(", "_lock_version(", "_lock_user(")


def locking_services():
    for module_info in pkgutil.iter_modules(presales.__path__):
        try:
            module = importlib.import_module(f"presales.{module_info.name}.services")
        except ModuleNotFoundError:
            continue
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or func.__module__ != module.__name__:
                continue
            source = inspect.getsource(inspect.unwrap(func))
            if any(lock in source for lock in LOCKS):
                yield pytest.param(func, id=f"{module.__name__}.{name}")


SERVICES = list(locking_services())


def test_the_walk_finds_the_locking_services():
    names = {param.id for param in SERVICES}
    assert {"presales.approvals.services.approval_withdraw", "presales.approvals.services.approval_decide"} <= names


@pytest.mark.parametrize("func", SERVICES)
def test_a_service_that_locks_runs_in_a_transaction(func):
    assert hasattr(func, "__wrapped__"), f"{func.__module__}.{func.__name__} locks a row outside @transaction.atomic"
