"""No code on a Chinese screen: every page kind, rendered in Chinese for a user who sees
everything (the presales manager; the administrator for the admin), shows words only — no
`{placeholder}`, no `snake_case` identifier, no Python `None`, no `---------` empty choice.

The check reads the text a user sees: tags, scripts, styles and attribute values are left out
(an <input>'s value and a <select>'s option values are attributes; an <option>'s label is text).
"""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from presales.catalog.tests.conftest import imps_rule, products, system_rule, tree  # noqa: F401 (the configurator's)
from presales.testing import make_opportunity, walk_to

CODE_LIKE = [
    ("a {placeholder}", re.compile(r"\{[^{}\s]*\}")),
    ("a snake_case identifier", re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")),
    ("Python's None", re.compile(r"\bNone\b")),
    ("an empty choice ---------", re.compile(r"-{5,}")),
]

# Text that looks like code and is what the user needs to read. Kept tiny:
ALLOWED = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses (a user's, shown as such)
    r"|https?://\S+"  # addresses
    r"|\b[\w-]+\.(?:pdf|docx|xlsx|pptx|png|jpe?g|txt|zip)\b"  # uploaded files' names
)


class _VisibleText(HTMLParser):
    HIDDEN = {"script", "style", "template", "noscript", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def code_on_screen(html: str, *, words: tuple[str, ...] = ()) -> list[str]:
    """What looks like code in the page's visible text; `words` are data shown as typed (the
    user names of the admin's lists)."""
    text = ALLOWED.sub(" ", visible_text(html))
    for word in words:
        text = re.sub(rf"\b{re.escape(word)}\b", " ", text)
    found = []
    for what, pattern in CODE_LIKE:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            found.append(f"{what}: {match.group()!r} in …{text[max(0, start - 40) : end + 40]!r}…")
    return found


def test_the_check_sees_code_and_only_visible_code():
    assert code_on_screen("<p>审核 (margin_percent &lt; 25)</p>")
    assert code_on_screen("<td>IMPS{voltage}/{current}</td>")
    assert code_on_screen("<dd>修改原因 None</dd>")
    assert code_on_screen("<select><option value=''>---------</option></select>")
    assert not code_on_screen(
        "<script>var a_b = {x};</script><input name='sales_owner' value='x_y'>"
        "<a href='/a_b/' data-x='{y}'>王销售 wang@example.com 方案_v2.docx</a>"
    )


@pytest.fixture
def pages(rep, engineer, manager, sales_head, commercial, finance, service_mgmt, customer, system_rule):  # noqa: F811
    """A small world with one of each kind of object, and the addresses of its pages."""
    from presales.approvals.models import Approval
    from presales.contracts import services as contracts
    from presales.quotes import services as quotes
    from presales.service_requests.models import ServiceRequest
    from presales.solutions.models import Solution

    with translation.override("zh-hans"):
        opportunity = make_opportunity(rep, customer, presales_lead=engineer, team=[engineer])
        quote = quotes.quote_create(user=rep, opportunity=opportunity, title="园区安防报价")
        version = quote.versions.get(number=1)
        quotes.line_add(
            version=version,
            user=commercial,
            data={
                "name": "网络摄像机",
                "model_code": "",
                "unit": "台",
                "quantity": Decimal("10"),
                "unit_price": Decimal("10000.00"),
                "discount_percent": Decimal("0"),
                "tax_rate": Decimal("13"),
                "unit_cost": Decimal("7750.00"),
                "channel_price": None,
            },
            seen_version=version.version,
            section_name="主设备",
        )
        won = make_opportunity(rep, customer, name="已中标项目", presales_lead=engineer)
        won = walk_to(won, "implementation", worker=engineer, approver=manager)
        from presales.contracts.tests.conftest import make_quote_version, pdf

        contract_quote = make_quote_version(won, rep, code="BJ-9")
        contract = contracts.contract_create(
            user=rep,
            opportunity=won,
            data={"payment_terms": "签订后付30%，验收后付70%", "quote_version": contract_quote},
            file=pdf(),
        )
    request = ServiceRequest.objects.order_by("pk").first()
    solution = Solution.objects.order_by("pk").first()
    from presales.catalog.models import Product

    urls = [
        reverse("home"),
        reverse("opportunities:board"),
        reverse("opportunities:board") + "?industry=public_security&amount_min=abc&owner=999999",
        reverse("opportunities:advance", args=[opportunity.pk]),  # the confirmation before a move
        reverse("opportunities:list"),
        reverse("opportunities:create"),
        reverse("opportunities:detail", args=[opportunity.pk]),
        reverse("opportunities:detail", args=[won.pk]),
        reverse("customers:list"),
        reverse("customers:create"),
        reverse("customers:detail", args=[customer.pk]),
        reverse("service_requests:list"),
        reverse("solutions:list"),
        reverse("quotes:list"),
        reverse("quotes:detail", args=[quote.pk]),
        reverse("quotes:version", args=[version.pk]),
        reverse("contracts:list"),
        reverse("contracts:detail", args=[contract.pk]),
        reverse("contracts:profit"),
        reverse("catalog:list"),
        reverse("catalog:components"),
        reverse("catalog:detail", args=[Product.objects.order_by("pk").first().pk]),
        reverse("catalog:configurator"),
        reverse("approvals:inbox"),
        reverse("notifications:list"),
        reverse("profile"),
    ]
    if request is not None:
        urls.append(reverse("service_requests:detail", args=[request.pk]))
    if solution is not None:
        urls.append(reverse("solutions:detail", args=[solution.pk]))
    assert Approval.objects.exists()
    return urls


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def test_no_code_on_the_chinese_pages(pages, manager):
    client = _client(manager)
    problems = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        if found := code_on_screen(response.content.decode()):
            problems[url] = found
    assert not problems, "\n".join(f"{url}:\n  " + "\n  ".join(found) for url, found in problems.items())


def admin_pages() -> list[str]:
    """Every model of the admin: its list, the change form of one object (the first) and the
    history of that object, and the add form where the admin may add."""
    from django.contrib import admin

    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        urls.append(reverse(f"{name}_changelist"))
        if (obj := model._default_manager.order_by("pk").first()) is not None:
            urls.append(reverse(f"{name}_change", args=[obj.pk]))
            urls.append(reverse(f"{name}_history", args=[obj.pk]))
    return urls


def test_no_code_on_the_chinese_admin(pages, admin_user):
    from presales.accounts.models import User

    client = _client(admin_user)
    user_names = tuple(User.objects.values_list("username", flat=True))
    problems = {}
    for url in admin_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        if found := code_on_screen(response.content.decode(), words=user_names):
            problems[url] = found
    assert not problems, "\n".join(f"{url}:\n  " + "\n  ".join(found) for url, found in problems.items())
