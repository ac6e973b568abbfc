"""Key pages, as the roles that work on them, pass the accessibility check
(presales/tests_browser/accessibility.py): unique ids, labels that point at their field,
no visible field without a label. Pages with several forms (an opportunity, a quote
version, a contract, a solution, a handover) are the ones that used to share ids."""

from __future__ import annotations

import pytest
from django.urls import reverse

from presales.accounts.tests.test_no_code_on_screen import pages  # noqa: F401 (the small world)
from presales.catalog.tests.conftest import imps_rule, products, system_rule, tree  # noqa: F401
from presales.tests_browser.accessibility import problems
from presales.tests_browser.test_presales_flow import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


# The first addresses of the `pages` fixture, in its order.
PAGE_KINDS = [
    "home",
    "board",
    "board_filtered",
    "advance_confirm",
    "list",
    "create",
    "opportunity",
    "won",
    "customers",
    "customer_create",
    "customer",
    "requests",
    "solutions",
    "quotes",
    "quote",
    "quote_version",
    "contracts",
    "contract",
]


def _extra_pages() -> list[str]:
    from presales.opportunities.models import Opportunity

    won = Opportunity.objects.get(name="已中标项目")
    return [
        reverse("handover:detail", args=[won.pk]),
        reverse("service_requests:create"),
    ]


def test_key_pages_pass_the_accessibility_check(browser_page, pages, manager, commercial, rep):  # noqa: F811
    page = browser_page
    by_kind = dict(zip(PAGE_KINDS, pages, strict=False))
    walks = [
        (manager, [*pages, *_extra_pages()]),  # sees everything (the pages' forms of a manager)
        (commercial, [by_kind[kind] for kind in ("opportunity", "won", "quote", "quote_version", "contract")]),
        (rep, [by_kind[kind] for kind in ("home", "opportunity", "customer", "quote_version", "contract")]),
    ]
    found: dict[str, list[str]] = {}
    for user, urls in walks:
        user.full_name = user.full_name or user.username
        user.save()
        log_in(page, user)
        for url in urls:
            response = page.goto(url)
            assert response is not None and response.ok, f"{url} as {user.username}: {response and response.status}"
            if here := problems(page):
                found[f"{url} ({user.username})"] = here
        log_out(page)
    assert len({url for user, urls in walks for url in urls}) >= 15
    assert not found, "\n".join(f"{url}:\n  " + "\n  ".join(items) for url, items in found.items())
