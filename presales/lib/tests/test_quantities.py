"""Stated values: reading them out of Chinese requirement/answer texts and comparing them
(presales.lib.quantities). Expected values are written by hand from the texts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from presales.lib.quantities import Quantity, compare, deviation_between, find_quantities


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def one(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


def shape(text: str) -> tuple:
    q = one(text)
    return (q.comparator, q.value, q.high, q.unit)


# Comparators -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("效率 ≥ 93 %", (">=", Decimal(93), None, "%")),
        ("效率≧93％", (">=", Decimal(93), None, "%")),
        ("效率 >= 93%", (">=", Decimal(93), None, "%")),
        ("效率不低于93%", (">=", Decimal(93), None, "%")),
        ("效率不小于93%", (">=", Decimal(93), None, "%")),
        ("效率大于等于93%", (">=", Decimal(93), None, "%")),
        ("效率至少93%", (">=", Decimal(93), None, "%")),
        ("效率93%以上", (">=", Decimal(93), None, "%")),
        ("效率93%及以上", (">=", Decimal(93), None, "%")),
        ("效率不得低于93%", (">=", Decimal(93), None, "%")),
        ("效率 > 93 %", (">", Decimal(93), None, "%")),
        ("效率＞93%", (">", Decimal(93), None, "%")),
        ("效率大于93%", (">", Decimal(93), None, "%")),
        ("效率高于93%", (">", Decimal(93), None, "%")),
        ("噪声 ≤ 55 dB", ("<=", Decimal(55), None, "dB")),
        ("噪声≦55dB(A)", ("<=", Decimal(55), None, "dB")),
        ("噪声不大于55dB", ("<=", Decimal(55), None, "dB")),
        ("噪声不超过55dB", ("<=", Decimal(55), None, "dB")),
        ("噪声不高于55dB", ("<=", Decimal(55), None, "dB")),
        ("噪声小于等于55dB", ("<=", Decimal(55), None, "dB")),
        ("噪声最多55dB", ("<=", Decimal(55), None, "dB")),
        ("噪声55dB以下", ("<=", Decimal(55), None, "dB")),
        ("噪声55dB以内", ("<=", Decimal(55), None, "dB")),
        ("噪声 < 55 dB", ("<", Decimal(55), None, "dB")),
        ("噪声＜55dB", ("<", Decimal(55), None, "dB")),
        ("噪声小于55dB", ("<", Decimal(55), None, "dB")),
        ("噪声低于55dB", ("<", Decimal(55), None, "dB")),
        ("额定电流 = 150 A", ("=", Decimal(150), None, "A")),
        ("额定电流：150A", ("=", Decimal(150), None, "A")),
        ("稳压精度 ±0.5%", ("±", Decimal("0.5"), None, "%")),
        ("稳压精度 ≤±0.5 %", ("±", Decimal("0.5"), None, "%")),
        ("稳压精度不大于±0.5%", ("±", Decimal("0.5"), None, "%")),
        ("稳压精度 +/-0.5%", ("±", Decimal("0.5"), None, "%")),
        ("稳压精度±0.5%以内", ("±", Decimal("0.5"), None, "%")),
        ("效率 93%~95%", ("range", Decimal(93), Decimal(95), "%")),
        ("效率 93~95%", ("range", Decimal(93), Decimal(95), "%")),
        ("输出电压 43.2V-57.6V", ("range", Decimal("43.2"), Decimal("57.6"), "V")),
        ("输入电压 85V至285V", ("range", Decimal(85), Decimal(285), "V")),
        ("工作温度 -5℃~+40℃", ("range", Decimal(-5), Decimal(40), "°C")),
        ("工作温度：－５℃～＋４０℃", ("range", Decimal(-5), Decimal(40), "°C")),
        ("稳压精度优于0.5%", ("<=", Decimal("0.5"), None, "%")),
        ("效率优于93%", (">=", Decimal(93), None, "%")),
        ("稳压精度优于±0.5%", ("±", Decimal("0.5"), None, "%")),
        ("存储时间可达30天", (">=", Decimal(30 * 86400), None, "s")),
    ],
)
def test_each_comparator_is_read(text, expected):
    assert shape(text) == expected


def test_full_width_digits_and_signs_are_read():
    assert shape("效率≥９３．５％") == (">=", Decimal("93.5"), None, "%")


def test_the_text_is_the_span_as_written():
    q = one("工作温度：－５℃～＋４０℃，海拔")
    assert q.text == "－５℃～＋４０℃"
    assert q.name == "工作温度"
    assert one("稳压精度 ≤±0.5 %").text == "≤±0.5 %"


# Units --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("12%", Decimal(12), "%"),
        ("DC 48V", Decimal(48), "V"),
        ("DC48V", Decimal(48), "V"),
        ("额定电压 10kV", Decimal(10000), "V"),
        ("纹波 ≤200mV", Decimal("0.2"), "V"),
        ("-48V", Decimal(-48), "V"),
        ("150A", Decimal(150), "A"),
        ("50mA", Decimal("0.05"), "A"),
        ("3kW", Decimal(3000), "W"),
        ("800W", Decimal(800), "W"),
        ("10kVA", Decimal(10000), "VA"),
        ("300Ah", Decimal(300), "Ah"),
        ("2km", Decimal(2000), "m"),
        ("80米", Decimal(80), "m"),
        ("80 m", Decimal(80), "m"),
        ("600mm", Decimal("0.6"), "m"),
        ("30天", Decimal(30 * 86400), "s"),
        ("24小时", Decimal(24 * 3600), "s"),
        ("5min", Decimal(300), "s"),
        ("10分钟", Decimal(600), "s"),
        ("8h", Decimal(8 * 3600), "s"),
        ("200ms", Decimal("0.2"), "s"),
        ("3s", Decimal(3), "s"),
        ("2TB", Decimal(2 * 1024**4), "B"),
        ("16GB", Decimal(16 * 1024**3), "B"),
        ("512MB", Decimal(512 * 1024**2), "B"),
        ("1000Mbps", Decimal(10**9), "bit/s"),
        ("55dB", Decimal(55), "dB"),
        ("50Hz", Decimal(50), "Hz"),
        ("2.4GHz", Decimal("2.4E9"), "Hz"),
        ("120kg", Decimal(120), "kg"),
        ("1.5吨", Decimal(1500), "kg"),
        ("5年", Decimal(5), "year"),
        ("36个月", Decimal(3), "year"),
        ("64路", Decimal(64), "路"),
        ("10万小时", Decimal(10**5 * 3600), "s"),
    ],
)
def test_each_unit_is_kept_in_the_base_of_its_dimension(text, value, unit):
    q = one(text)
    assert (q.value, q.unit) == (value, unit)


def test_ip_grade_is_a_minimum():
    assert shape("防护等级 IP54") == (">=", Decimal(54), None, "IP")
    assert shape("防护等级不低于IP54") == (">=", Decimal(54), None, "IP")


@pytest.mark.parametrize(
    "text",
    [
        "5.1.1 整流模块",
        "IMPS48/150 整流模块",
        "ZHDCS220/100 直流系统",
        "DL/T 5044—2014 电力工程直流电源系统设计技术规程",
        "GB/T 17626.2-2018",
        "2014年5月1日起",
        "第5章 技术要求",
        "采用1+1冗余",
        "",
    ],
)
def test_codes_clause_numbers_and_dates_are_not_values(text):
    assert find_quantities(text) == []


def test_several_values_in_one_clause_in_order_with_their_names():
    found = find_quantities("整流模块效率不低于93%，功率因数不小于0.99；稳压精度应≤±0.5%。")
    assert [(q.name, q.comparator, q.value, q.unit) for q in found] == [
        ("整流模块效率", ">=", Decimal(93), "%"),
        ("功率因数", ">=", Decimal("0.99"), ""),
        ("稳压精度", "±", Decimal("0.5"), "%"),
    ]


def test_a_rating_pair_gives_two_values():
    found = find_quantities("额定输出 48V/150A")
    assert [(q.value, q.unit) for q in found] == [(Decimal(48), "V"), (Decimal(150), "A")]


# Comparing ----------------------------------------------------------------------------------


def result(required: str, offered: str) -> str:
    return compare(one(required), one(offered)).result


@pytest.mark.parametrize(
    ("required", "offered", "expected"),
    [
        # the issue's examples
        ("效率 ≥ 93 %", "效率 ≥ 95 %", "positive"),
        ("效率 ≥ 93 %", "效率 93 %", "none"),
        ("效率 ≥ 93 %", "效率 ≥ 93 %", "none"),
        ("效率 ≥ 93 %", "效率 90 %", "negative"),
        ("稳压精度 ≤±0.5 %", "稳压精度 ±0.2%", "positive"),
        ("稳压精度 ≤±0.5 %", "稳压精度 ±0.5%", "none"),
        ("稳压精度 ≤±0.5 %", "稳压精度 ±1%", "negative"),
        ("稳压精度 ≤±0.5 %", "稳压精度 ≤0.3%", "positive"),
        ("稳压精度 ≤0.5%", "稳压精度 ±0.2%", "positive"),
        ("存储 ≥ 30 天", "存储 ≥ 30 天", "none"),
        ("存储 ≥ 30 天", "存储 90天", "positive"),
        ("存储 ≥ 30 天", "存储 720小时", "none"),
        ("存储 ≥ 30 天", "存储 7天", "negative"),
        ("红外距离 ≥ 80 m", "红外距离 50 m", "negative"),
        ("红外距离 ≥ 80 m", "红外距离 100m", "positive"),
        ("红外距离 ≥ 80 m", "红外距离 0.1km", "positive"),
        # strict comparators
        ("效率 > 93 %", "效率 93 %", "negative"),
        ("效率 > 93 %", "效率 > 93 %", "none"),
        ("效率 > 93 %", "效率 94 %", "positive"),
        ("噪声 ≤ 55 dB", "噪声 50 dB", "positive"),
        ("噪声 ≤ 55 dB", "噪声 55 dB", "none"),
        ("噪声 ≤ 55 dB", "噪声 60 dB", "negative"),
        ("噪声 < 55 dB", "噪声 55 dB", "negative"),
        ("噪声 < 55 dB", "噪声 < 55 dB", "none"),
        ("噪声 ≤ 55 dB", "噪声 ≥ 40 dB", "unknown"),
        # plain values
        ("额定电流 150A", "额定电流 150A", "none"),
        ("额定电流 150A", "额定电流 200A", "unknown"),
        ("输出电压 DC 48V", "输出电压 DC48V", "none"),
        # ranges: an operating range must be covered
        ("工作温度 -5℃~+40℃", "工作温度 -10℃~+45℃", "positive"),
        ("工作温度 -5℃~+40℃", "工作温度 -5℃~40℃", "none"),
        ("工作温度 -5℃~+40℃", "工作温度 0℃~40℃", "negative"),
        ("效率 93%~95%", "效率 94%", "none"),
        ("效率 93%~95%", "效率 96%", "negative"),
        ("效率 ≥ 93 %", "效率 94%~96%", "positive"),
        ("效率 ≥ 93 %", "效率 92%~96%", "negative"),
        ("噪声 ≤ 55 dB", "噪声 40~50dB", "positive"),
        # units: kV/V, kW/W, Ah, GB/TB, Hz, kg, years and months
        ("电压 ≥ 10kV", "电压 10000V", "none"),
        ("功率 ≥ 3kW", "功率 2500W", "negative"),
        ("容量 ≥ 300Ah", "容量 500Ah", "positive"),
        ("存储容量 ≥ 4TB", "存储容量 8TB", "positive"),
        ("内存 ≥ 16GB", "内存 8GB", "negative"),
        ("频率 50Hz", "频率 50Hz", "none"),
        ("重量 ≤ 120kg", "重量 0.1吨", "positive"),
        ("质保 ≥ 3年", "质保 36个月", "none"),
        ("质保 ≥ 3年", "质保 5年", "positive"),
        ("视频接入 ≥ 64路", "视频接入 128路", "positive"),
        ("功率因数 ≥ 0.99", "功率因数 0.995", "positive"),
        # IP grades
        ("防护等级不低于IP54", "防护等级 IP55", "positive"),
        ("防护等级不低于IP54", "防护等级 IP54", "none"),
        ("防护等级不低于IP54", "防护等级 IP44", "negative"),
        ("防护等级不低于IP54", "防护等级 IP65", "positive"),
        ("防护等级不低于IP54", "防护等级 IP63", "negative"),
    ],
)
def test_compare(required, offered, expected):
    assert result(required, offered) == expected


def test_other_units_are_not_comparable():
    comparison = compare(one("距离 ≥ 80 m"), one("时间 ≥ 80 s"))
    assert comparison.result == "unknown"
    assert comparison.reason == "Required ≥ 80 m, offered ≥ 80 s: different units, not comparable."


def test_the_reason_names_both_values():
    comparison = compare(one("效率 ≥ 93 %"), one("效率 ≥ 95 %"))
    assert comparison.reason == "Required ≥ 93 %, offered ≥ 95 %: better than required (positive deviation)."
    assert (comparison.required.text, comparison.offered.text) == ("≥ 93 %", "≥ 95 %")


def test_the_reason_is_translated():
    with translation.override("zh-hans"):
        comparison = compare(one("效率 ≥ 93 %"), one("效率 90 %"))
    # the catalogue gains the Chinese sentence at merge (msgids-C.txt); either way no code shows
    assert comparison.reason in (
        "要求 ≥ 93 %，应答 90 %：不满足要求（负偏离）。",
        "Required ≥ 93 %, offered 90 %: does not meet the requirement (negative deviation).",
    )


# Pairing two texts ---------------------------------------------------------------------------


def test_deviation_between_the_issue_examples():
    assert deviation_between("效率 ≥ 93 %", "我方整流模块效率 ≥ 95 %").result == "positive"
    assert deviation_between("稳压精度 ≤±0.5 %", "满足。稳压精度 ±0.2%").result == "positive"
    assert deviation_between("存储 ≥ 30 天", "录像存储 30 天").result == "none"
    assert deviation_between("红外距离 ≥ 80 m", "红外距离 50 m").result == "negative"


def test_values_pair_by_name_when_a_unit_repeats():
    comparison = deviation_between(
        "稳压精度 ≤±0.5%，效率 ≥ 93%",
        "负载率 30%~100% 时，效率 ≥ 95%，稳压精度 ±0.2%",
    )
    assert comparison.result == "positive"
    assert comparison.reason == (
        "Required ≤±0.5%, offered ±0.2%: better than required (positive deviation). "
        "Required ≥ 93%, offered ≥ 95%: better than required (positive deviation)."
    )


def test_the_worst_pair_wins():
    comparison = deviation_between("效率≥93%，功率因数≥0.99", "满足，我方模块效率≥95%，功率因数≥0.98")
    assert comparison.result == "negative"
    assert comparison.required.text == "≥0.99"
    assert "≥95%" in comparison.reason and "≥0.98" in comparison.reason


def test_an_unanswered_value_is_named_but_does_not_decide():
    comparison = deviation_between("效率 ≥ 93 %，红外距离 ≥ 80 m", "效率 95 %")
    assert comparison.result == "positive"
    assert comparison.reason.endswith("The answer states no value for ≥ 80 m.")


def test_names_with_nothing_in_common_never_pair():
    assert deviation_between("效率 ≥ 93 %", "负载率 30%~100%").result == "unknown"


def test_nothing_comparable_is_unknown():
    comparison = deviation_between("支持远程监控", "支持，采用Modbus协议")
    assert (comparison.result, comparison.required, comparison.offered) == ("unknown", None, None)
    assert comparison.reason == "No comparable values in the requirement and the answer."
    assert deviation_between("效率 ≥ 93 %", "").result == "unknown"
    assert deviation_between("", "效率 95 %").result == "unknown"


def test_hostile_input_does_not_raise():
    for text in ["≥" * 1000, "9" * 5000 + "%", "±±±1e999%", "-" * 300 + "5V", "1,000,000,000,000,000kV~2V"]:
        find_quantities(text)


def test_long_runs_are_read_in_one_pass():
    """Texts that would cost their length squared with backtracking or restarts (each took
    tens of seconds so): read in a single pass, they give what they hold."""
    assert find_quantities("9" * 20000 + ".x") == []
    assert find_quantities("9 " * 10000) == []
    assert find_quantities("1," * 10000 + "x") == []
    assert len(find_quantities("9V" * 10000)) == 1  # the first; the others are glued to a letter
    assert len(find_quantities(("效率≥93%" + "中" * 50) * 300)) == 300


def test_a_number_too_long_to_be_a_value_is_left_out():
    assert find_quantities("9" * 5000 + "%") == []
    assert one("1,000,000 h").value == Decimal(3_600_000_000)


def test_an_equal_value_beside_a_better_one_is_a_positive_deviation():
    comparison = deviation_between("UPS电池组采用12V蓄电池，单只容量不小于65Ah。", "UPS配套12V蓄电池，单体容量≥100Ah。")
    assert comparison.result == "positive"
    assert comparison.required.text == "不小于65Ah"
    assert deviation_between("机柜42U，静态承重不小于800kg", "机柜高度42U，静态承重≥800kg").result == "none"


def test_the_parameter_may_follow_the_value():
    assert deviation_between("供货商响应时间不超过4小时。", "接到故障通知后≤2小时响应。").result == "positive"
    assert deviation_between("系统管理员培训时间不少于5天。", "免费提供≥3天的系统管理员培训。").result == "negative"
    assert deviation_between("供货时间不超过20天。", "合同签订后≤30天交货。").result == "negative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("交流输入电压：380V±15%", ("交流输入电压", "range", Decimal(323), Decimal(437), "V")),
        ("频率：50Hz±5%", ("频率", "range", Decimal("47.5"), Decimal("52.5"), "Hz")),
        ("直流电压DC220V±10%", ("直流电压", "range", Decimal(198), Decimal(242), "V")),
        ("机房温度 22℃±2℃", ("机房温度", "range", Decimal(20), Decimal(24), "°C")),
        ("输入电压范围：AC 85V～AC 290V", ("输入电压范围", "range", Decimal(85), Decimal(290), "V")),
        ("电池容量：2×500Ah", ("电池容量", "=", Decimal(500), None, "Ah")),
        ("故障处理不超过3个工作日", ("故障处理", "<=", Decimal(3 * 86400), None, "s")),
    ],
)
def test_tolerances_around_a_value_prefixes_and_counts(text, expected):
    q = one(text)
    assert (q.name, q.comparator, q.value, q.high, q.unit) == expected


def test_a_nominal_with_tolerance_is_an_operating_range():
    assert deviation_between("交流输入电压：380V±15%", "输入电压范围 304V～456V").result == "positive"
    assert deviation_between("交流输入电压：380V±15%", "输入电压 380V±15%").result == "none"
    assert deviation_between("交流输入电压：380V±15%", "输入电压 380V±10%").result == "negative"
