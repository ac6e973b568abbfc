"""Every public service that locks a row runs in a transaction (STYLE.md §3). SQLite ignores
SELECT … FOR UPDATE outside one, so a lost @transaction.atomic would only fail on PostgreSQL,
and only outside the tests' own transaction: this walks the source instead."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import presales

# A row lock, or a call of a helper that takes one (lock(), _lock_version(), _locked_for_change() …).
LOCKS = re.compile(r"select_for_update|\b_?lock(ed)?(_\w+)?\(")


def service_modules():
    """Each app's services module, or every module of its services package."""
    for module_info in pkgutil.iter_modules(presales.__path__):
        try:
            module = importlib.import_module(f"presales.{module_info.name}.services")
        except ModuleNotFoundError:
            continue
        yield module
        if hasattr(module, "__path__"):  # a package: services/<sub-domain>.py
            for sub in pkgutil.iter_modules(module.__path__):
                if sub.name.startswith("_"):  # _common: helpers run inside their callers' transaction
                    continue
                yield importlib.import_module(f"{module.__name__}.{sub.name}")


def locking_services():
    for module in service_modules():
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or func.__module__ != module.__name__:
                continue
            source = inspect.getsource(inspect.unwrap(func))
            if LOCKS.search(source):
                yield pytest.param(func, id=f"{module.__name__}.{name}")


SERVICES = list(locking_services())


def test_the_walk_finds_the_locking_services():
    names = {param.id for param in SERVICES}
    assert {"presales.approvals.services.approval_withdraw", "presales.approvals.services.approval_decide"} <= names
    # and those of the services packages, through their helpers
    assert {
        "presales.opportunities.services.stages.opportunity_advance",
        "presales.quotes.services.lines.line_update",
        "presales.contracts.services.costs.cost_add",
        "presales.handover.services.checklist_set",
    } <= names
    assert len(names) >= 60


@pytest.mark.parametrize("func", SERVICES)
def test_a_service_that_locks_runs_in_a_transaction(func):
    assert hasattr(func, "__wrapped__"), f"{func.__module__}.{func.__name__} locks a row outside @transaction.atomic"
