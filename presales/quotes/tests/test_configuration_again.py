"""The same configuration added twice to a version is never silent: the page asks whether to
add it again or replace the earlier lines (quotes.services.configuration)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from presales.events.models import Event
from presales.lib.services import ServiceError
from presales.quotes import events, services
from presales.quotes.models import QuoteLine
from presales.quotes.tests.conftest import add_line
from presales.quotes.tests.test_add_configuration import URL, posted

pytestmark = pytest.mark.django_db


def _codes(version):
    return sorted(QuoteLine.objects.filter(version=version).values_list("model_code", flat=True))


def test_the_second_add_asks_and_adds_nothing(client, rep, v1, system_rule):
    client.force_login(rep)
    assert client.post(URL, posted(v1, system_rule)).status_code == 302
    first = _codes(v1)

    response = client.post(URL, posted(v1, system_rule))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="configuration-again"' in page
    assert 'name="again" value="replace"' in page and 'name="again" value="add"' in page
    assert 'name="required_current" value="90"' in page  # what was posted, to post again
    assert _codes(v1) == first


def test_add_again_duplicates_on_purpose(client, rep, v1, system_rule):
    client.force_login(rep)
    client.post(URL, posted(v1, system_rule))
    first = _codes(v1)

    response = client.post(URL, posted(v1, system_rule, again="add"))

    assert response.status_code == 302
    assert _codes(v1) == sorted(first * 2)


def test_replace_deletes_the_earlier_lines_only(client, rep, v1, system_rule):
    client.force_login(rep)
    add_line(v1, rep, name="手工行", section="辅材")
    client.post(URL, posted(v1, system_rule))
    earlier = set(QuoteLine.objects.filter(version=v1).exclude(name="手工行").values_list("pk", flat=True))

    response = client.post(URL, posted(v1, system_rule, again="replace"))

    assert response.status_code == 302
    lines = QuoteLine.objects.filter(version=v1)
    assert lines.filter(name="手工行").count() == 1
    configured = set(lines.exclude(name="手工行").values_list("pk", flat=True))
    assert configured and not configured & earlier and len(configured) == len(earlier)
    v1.refresh_from_db()
    assert v1.line_count == len(configured) + 1
    assert v1.total_amount == sum(line.amount for line in lines)
    event = Event.objects.about(v1.quote).filter(kind=events.CONFIGURATION_REPLACED).get()
    assert event.data["replaced"] == len(earlier) and event.data["added"] == len(configured)
    assert v1.history.filter(history_change_reason__startswith="± ").exists()


def test_another_current_is_another_configuration(client, rep, v1, system_rule):
    client.force_login(rep)
    client.post(URL, posted(v1, system_rule))

    response = client.post(URL, posted(v1, system_rule, required_current="140"))

    assert response.status_code == 302
    assert QuoteLine.objects.filter(version=v1, model_code="ZHR4830").count() == 2


def test_the_service_refuses_a_silent_duplicate(rep, v1, system_rule):
    from presales.catalog import configurator

    configuration = configurator.configure(
        system_rule, {"voltage": "48", "current": "150"}, required_current=Decimal("90")
    )
    services.add_configuration(version=v1, user=rep, configuration=configuration)
    count = QuoteLine.objects.filter(version=v1).count()

    with pytest.raises(services.DuplicateConfiguration):
        services.add_configuration(version=v1, user=rep, configuration=configuration)
    assert QuoteLine.objects.filter(version=v1).count() == count
    assert isinstance(services.DuplicateConfiguration("x"), ServiceError)


def test_replace_refused_by_the_bounds_keeps_the_earlier_lines(client, rep, v1, system_rule, monkeypatch):
    """One transaction: a refused replacement deletes nothing."""
    client.force_login(rep)
    client.post(URL, posted(v1, system_rule))
    before = set(QuoteLine.objects.filter(version=v1).values_list("pk", flat=True))
    from presales.quotes.services import configuration as module

    def refuse(*args, **kwargs):
        raise ServiceError("refused")

    monkeypatch.setattr(module, "touch", refuse)

    response = client.post(URL, posted(v1, system_rule, again="replace"))

    assert response.status_code == 302 and response.url == reverse("quotes:version", args=[v1.pk]) + "#lines"
    assert set(QuoteLine.objects.filter(version=v1).values_list("pk", flat=True)) == before
