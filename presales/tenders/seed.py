"""The admin data a new installation starts with (migration 0002), from the seed: the bid
decision criteria, the bid package item types, the self/cross review checks (自审/互审: "标书
格式符合招标文件要求", "注意日期", the tables the system asks for — 型式试验报告, 生产许可证,
组件材料配置表, 技术偏差表 — and the price of the PCST review)."""

from __future__ import annotations

# (name, weight, guidance)
BID_CRITERIA = [
    ("产品匹配度", 25, "5：我方产品完全满足技术要求，无负偏离；3：少量负偏离可澄清；1：核心参数不满足。"),
    ("资质满足", 20, "5：资质、业绩、型式试验报告、生产许可证全部满足且在有效期内；1：有实质性资格条件不满足。"),
    ("客户关系", 20, "5：关键决策人支持、参与过需求引导；3：有接触；1：无接触或关系不利。"),
    ("竞争态势", 15, "5：竞争对手少或处于劣势；3：势均力敌；1：对手控标或价格明显占优。"),
    ("利润预期", 20, "5：按评标办法报价仍有满意毛利；3：毛利接近下限；1：中标即亏损。"),
]

# (name, required by default, from the library)
PACKAGE_ITEM_TYPES = [
    ("商务标书", True, False),
    ("技术标书", True, False),
    ("技术偏差表", True, False),
    ("商务偏差表", True, False),
    ("型式试验报告", True, True),
    ("生产许可证", True, True),
    ("资质业绩", True, True),
    ("授权书", False, True),
    ("报价一览表", False, False),
    ("其他", False, False),
]

# (kind, text, compares the bid price)
REVIEW_CHECKS = [
    ("self", "标书格式符合招标文件要求（参考部门规定格式）", False),
    ("self", "日期与签字盖章齐全", False),
    ("self", "投标人所投产品的技术特性参数表齐全（是否是系统要求的表）", False),
    ("self", "型式试验报告齐全", False),
    ("self", "生产许可证齐全", False),
    ("self", "组件材料配置表齐全", False),
    ("self", "技术偏差表齐全（是否是系统要求的表）", False),
    ("self", "招标文件规定的其他技术内容、资质业绩信息齐全", False),
    ("self", "投标报价与PCST评审通过的投标价一致", True),
    ("cross", "标书格式符合招标文件要求（结合部门标书格式规范）", False),
    ("cross", "日期正确，签字盖章齐全", False),
    ("cross", "型式试验报告、生产许可证在有效期内", False),
    ("cross", "技术偏差表与招标文件条款逐条对应，★条款全部应答", False),
    ("cross", "投标报价与PCST评审通过的投标价一致", True),
]


def load(BidCriterion, PackageItemType, ReviewItemTemplate) -> None:  # noqa: N803 (the historical models)
    for order, (name, weight, guidance) in enumerate(BID_CRITERIA, start=1):
        BidCriterion.objects.get_or_create(
            name=name, defaults={"weight": weight, "guidance": guidance, "order": order * 10}
        )
    for order, (name, required, from_library) in enumerate(PACKAGE_ITEM_TYPES, start=1):
        PackageItemType.objects.get_or_create(
            name=name, defaults={"required": required, "from_library": from_library, "order": order * 10}
        )
    for order, (kind, text, price) in enumerate(REVIEW_CHECKS, start=1):
        ReviewItemTemplate.objects.get_or_create(
            kind=kind, text=text, defaults={"order": order * 10, "checks_bid_price": price}
        )
