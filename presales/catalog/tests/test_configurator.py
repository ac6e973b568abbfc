from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presales.catalog.configurator import (
    CodeError,
    build_code,
    configure,
    describe,
    match_rule,
    parse_allowed,
    parse_any,
    parse_code,
)
from presales.catalog.tests.conftest import make_rule
from presales.lib.services import ServiceError

pytestmark = pytest.mark.django_db

IMPS_VOLTAGES = ["24", "48", "110", "220"]
IMPS_CURRENTS = ["30", "60", "90", "120", "150", "151", "180", "300"]
HYPO = settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)


@HYPO
@given(voltage=st.sampled_from(IMPS_VOLTAGES), current=st.sampled_from(IMPS_CURRENTS))
def test_imps_round_trip(imps_rule, voltage, current):
    values = {"voltage": voltage, "current": current}
    code = build_code(imps_rule, values)
    assert code == f"IMPS{voltage}/{current}"
    assert parse_code(imps_rule, code) == values
    assert build_code(imps_rule, parse_code(imps_rule, code)) == code


@HYPO
@given(
    voltage=st.sampled_from(["110", "220"]),
    current=st.integers(min_value=10, max_value=400).map(str),
    battery=st.sampled_from(["65", "100", "200", "300"]),
)
def test_zhdcs_round_trip(zhdcs_rule, voltage, current, battery):
    values = {"voltage": voltage, "current": current, "battery_ah": battery}
    code = build_code(zhdcs_rule, values)
    assert code == f"ZHDCS{voltage}/{current}-{battery}"
    assert parse_code(zhdcs_rule, code) == values
    assert build_code(zhdcs_rule, parse_code(zhdcs_rule, code)) == code


@HYPO
@given(current=st.integers(min_value=-1000, max_value=1000))
def test_zhdcs_range_is_enforced(zhdcs_rule, current):
    values = {"voltage": "220", "current": str(current), "battery_ah": "100"}
    if 10 <= current <= 400:
        assert parse_code(zhdcs_rule, build_code(zhdcs_rule, values))["current"] == str(current)
    else:
        with pytest.raises(CodeError):
            build_code(zhdcs_rule, values)


@HYPO
@given(text=st.text(max_size=20))
def test_parse_never_crashes_and_accepts_only_buildable_codes(imps_rule, text):
    try:
        values = parse_code(imps_rule, text)
    except CodeError as exc:
        assert exc.messages and all(exc.messages)
    else:
        assert build_code(imps_rule, values).casefold() == text.strip().casefold()


def test_describe_fields_with_labels_and_units(imps_rule):
    values = parse_code(imps_rule, "IMPS48/150")
    assert describe(imps_rule, values) == [("标称电压", "48", "V"), ("额定输出电流", "150", "A")]


def test_bad_codes_say_what_is_wrong(imps_rule):
    with pytest.raises(CodeError) as exc:
        parse_code(imps_rule, "IPS48/150")
    assert "IMPS〈标称电压〉/〈额定输出电流〉" in exc.value.messages[0]
    assert "IPS48/150" in exc.value.messages[0]
    with pytest.raises(CodeError) as exc:
        parse_code(imps_rule, "IMPS36/150")
    assert "标称电压" in exc.value.messages[0] and "36" in exc.value.messages[0]
    assert "24, 48, 110, 220" in exc.value.messages[0]
    with pytest.raises(CodeError) as exc:
        parse_code(imps_rule, "IMPS36/999")
    assert len(exc.value.messages) == 2  # both refused values are listed
    with pytest.raises(CodeError) as exc:
        parse_code(imps_rule, "")
    # CodeError is both a ServiceError (for views) and a ValueError (for plain callers)
    assert isinstance(exc.value, ServiceError) and isinstance(exc.value, ValueError)


def test_build_reports_missing_and_refused_values(imps_rule):
    with pytest.raises(CodeError) as exc:
        build_code(imps_rule, {"voltage": "48"})
    assert len(exc.value.messages) == 1 and "额定输出电流" in exc.value.messages[0]
    with pytest.raises(CodeError):
        build_code(imps_rule, {"voltage": "48/1", "current": "150"})


def test_parse_allowed():
    allowed = parse_allowed("24, 48，110,10-12")
    assert allowed.choices() == ["24", "48", "110", "10", "11", "12"]
    assert allowed.contains("11") and not allowed.contains("011") and not allowed.contains("13")
    assert parse_allowed("").choices() is None and parse_allowed("").contains("anything")
    assert parse_allowed("1-100000").choices() is None


def test_match_rule_tries_all_rules(imps_rule, zhdcs_rule):
    rule, values = match_rule("ZHDCS220/100-200")
    assert rule == zhdcs_rule and values == {"voltage": "220", "current": "100", "battery_ah": "200"}
    rule, values = match_rule("imps48/150")
    assert rule == imps_rule and values == {"voltage": "48", "current": "150"}
    assert match_rule("XYZ1") is None
    assert match_rule("IMPS36/150") is None
    with pytest.raises(CodeError) as exc:
        parse_any("IMPS36/150")
    assert "36" in exc.value.messages[0]
    with pytest.raises(CodeError) as exc:
        parse_any("XYZ1")
    assert "XYZ1" in exc.value.messages[0]


def test_ips_and_imps_do_not_shadow_each_other(imps_rule):
    ips = make_rule("IPS", "IPS{voltage}/{current}", [("voltage", "电压", "V", "48"), ("current", "电流", "A", "")])
    assert match_rule("IPS48/500") == (ips, {"voltage": "48", "current": "500"})
    assert match_rule("IMPS48/150")[0] == imps_rule


# --- N+1 and the BOM -------------------------------------------------------
@pytest.mark.parametrize(
    ("current", "working"),
    [("150", 3), ("151", 4), ("30", 1), ("300", 6)],
)
def test_module_count_n_plus_one(system_rule, current, working):
    configuration = configure(system_rule, {"voltage": "48", "current": current})
    assert configuration.working_modules == working
    assert configuration.redundant_modules == 1
    module_line = next(line for line in configuration.lines if line.model_code == "ZHR4830")
    assert module_line.quantity == Decimal(working + 1)


def test_required_current_overrides_code_current(system_rule):
    configuration = configure(system_rule, {"voltage": "48", "current": "150"}, Decimal("100.5"))
    assert configuration.working_modules == 3 and configuration.module_count == 4
    configuration = configure(system_rule, {"voltage": "48", "current": "150"}, Decimal("100"))
    assert configuration.module_count == 3
    with pytest.raises(CodeError):
        configure(system_rule, {"voltage": "48", "current": "150"}, Decimal("0"))


def test_redundancy_is_data(system_rule):
    system_rule.redundancy = 2
    system_rule.save()
    assert configure(system_rule, {"voltage": "48", "current": "150"}).module_count == 5


def test_bom_content(system_rule):
    configuration = configure(system_rule, {"voltage": "48", "current": "150"})
    assert configuration.code == "IMPS48/150"
    assert configuration.fields == [("标称电压", "48", "V"), ("额定输出电流", "150", "A")]
    assert [(line.model_code, line.quantity, line.unit) for line in configuration.lines] == [
        ("IMPS-CAB", Decimal("1"), "台"),
        ("ZHR4830", Decimal("4"), "台"),
        ("ZHM05", Decimal("1"), "台"),
        ("QF-MOD", Decimal("8"), "台"),  # 2 per module × 4 modules
    ]
    assert configuration.lines[0].product.pk == system_rule.cabinet_product_id
    assert configuration.lines[1].list_price == Decimal("3000.00")
    assert "3 + 1" in configuration.lines[1].note


def test_bom_without_cabinet_and_invalid_values(system_rule):
    system_rule.cabinet_product = None
    system_rule.save()
    configuration = configure(system_rule, {"voltage": "48", "current": "150"})
    assert configuration.lines[0].model_code == "ZHR4830"
    with pytest.raises(CodeError) as exc:
        configure(system_rule, {"voltage": "36", "current": "150"})
    assert "36" in exc.value.messages[0]


def test_discontinued_products_are_flagged(system_rule, products):
    products["monitor"].status = "discontinued"
    products["monitor"].save()
    configuration = configure(system_rule, {"voltage": "48", "current": "150"})
    assert len(configuration.warnings) == 1 and "ZHM05" in configuration.warnings[0]
