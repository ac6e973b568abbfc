from __future__ import annotations

import pytest
from django.urls import reverse

from presales.lib import sections

pytestmark = pytest.mark.django_db


def test_configure_by_typed_code(client, engineer, system_rule):
    client.force_login(engineer)
    response = client.get(reverse("catalog:configurator"), {"code": "IMPS48/150"})
    assert response.status_code == 200
    configuration = response.context["configuration"]
    assert configuration.code == "IMPS48/150" and configuration.module_count == 4
    html = response.content.decode()
    assert "标称电压" in html and 'data-testid="bom"' in html and "ZHR4830" in html
    assert "3 + 1 = 4" in html


def test_configure_by_chosen_values_and_required_current(client, rep, system_rule):
    client.force_login(rep)
    params = {"system_rule": system_rule.pk, "f_voltage": "48", "f_current": "150", "required_current": "151"}
    response = client.get(reverse("catalog:configurator"), params)
    configuration = response.context["configuration"]
    assert configuration.working_modules == 4 and configuration.module_count == 5
    # the field values are offered from the allowed values
    assert [c[0] for c in response.context["form"].fields["f_voltage"].choices][1:] == ["24", "48", "110", "220"]


def test_bad_code_is_explained_and_input_kept(client, rep, system_rule):
    client.force_login(rep)
    response = client.get(reverse("catalog:configurator"), {"code": "IMPS36/150"})
    assert response.context["configuration"] is None
    assert any("36" in e for e in response.context["errors"])
    assert 'value="IMPS36/150"' in response.content.decode()


def test_add_to_quote_slot_only_when_quotes_registers_it(client, rep, system_rule, monkeypatch):
    """The catalog knows nothing of quotes: the "add to a quote" card is the section the quotes
    app registers for the configurator page; without it the page still works."""
    client.force_login(rep)
    response = client.get(reverse("catalog:configurator"), {"code": "IMPS48/150"})
    assert [s.key for s in response.context["sections"]] == ["quotes"]
    assert 'data-testid="add-configuration"' in response.content.decode()
    monkeypatch.setitem(sections._registry, "configurator", {})
    response = client.get(reverse("catalog:configurator"), {"code": "IMPS48/150"})
    assert response.status_code == 200 and response.context["sections"] == []
    assert 'data-testid="add-configuration"' not in response.content.decode()


def test_cost_is_not_shown_in_configurator_for_rep(client, rep, system_rule):
    client.force_login(rep)
    html = client.get(reverse("catalog:configurator"), {"code": "IMPS48/150"}).content.decode()
    assert "1800" not in html and "1,800" not in html
