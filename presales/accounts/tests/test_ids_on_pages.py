"""Every page with several forms (an opportunity, a quote version, a contract, a solution, a
handover) gives each form its own ids: no id twice, every label's `for` names a field of the
page. The browser tests check the same on the built page (tests_browser/accessibility.py);
this reads the served HTML, fast."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from django.urls import reverse

from presales.accounts.tests.test_no_code_on_screen import _client, pages  # noqa: F401 (the small world)
from presales.catalog.tests.conftest import imps_rule, products, system_rule, tree  # noqa: F401


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.label_targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1
        if tag == "label" and attributes.get("for"):
            self.label_targets.append(attributes["for"])


def id_problems(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    found = [f"id {name!r} used {count} times" for name, count in parser.ids.items() if count > 1]
    found += [
        f"a label points at #{target}, not on the page" for target in parser.label_targets if target not in parser.ids
    ]
    return found


def test_the_check_sees_shared_ids_and_lost_labels():
    assert id_problems('<input id="id_note"><textarea id="id_note"></textarea>')
    assert id_problems('<label for="id_file">已签订合同</label><input id="file-file">')
    assert not id_problems('<label for="sign-file">已签订合同</label><input id="sign-file"><input id="file-file">')


def test_pages_with_several_forms_give_each_its_own_ids(pages, manager):  # noqa: F811
    from presales.opportunities.models import Opportunity

    won = Opportunity.objects.get(name="已中标项目")
    client = _client(manager)
    problems = {}
    for url in [*pages, reverse("handover:detail", args=[won.pk])]:
        response = client.get(url)
        assert response.status_code == 200, url
        if found := id_problems(response.content.decode()):
            problems[url] = found
    assert not problems, "\n".join(f"{url}:\n  " + "\n  ".join(found) for url, found in problems.items())
