"""The demo's quote lists (项目报价清单) and price reviews (PCST): why a quote is re-priced, the
margins bids are priced at and where today's bids stand, what the reviewers return a bid
for, and the equipment sets of IT quotes."""

from __future__ import annotations

from decimal import Decimal

from presales.demo.data.people import GENERAL_MANAGER, PRESALES_MANAGER, SALES_HEAD

QUOTE_CHANGE_REASONS = [
    "客户要求增加一组蓄电池并提高蓄电池容量，按新配置重新报价",
    "跟踪回访：客户预算收紧，调整折扣并删减选配项",
    "设计院确认图纸后调整屏柜数量和馈线回路",
    "客户要求补充安装调试和培训费用分项",
    "竞争对手报价偏低，商务调整折扣以提高竞争力",
]
BID_RETURN_COMMENTS = {
    PRESALES_MANAGER: "蓄电池容量按DL/T 5044—2014核算偏小，请按300Ah重新配置后再报",
    SALES_HEAD: "毛利率低于公司底线，请与客户沟通后调整折扣再提交",
    GENERAL_MANAGER: "价格让利过多，请保住20%以上毛利，重新评审",
}
# The margins the bids are priced at, in turn: every routing of the price review occurs
# (≥ 25 %: the presales manager; 15–25 %: + the sales head; < 15 %: + the general manager).
BID_MARGINS = [Decimal(m) for m in ("31", "21", "27", "12.5", "34", "18", "29", "13.5", "23")]
# Bids of opportunities still in 投标, in turn: where their price review stands today.
CURRENT_BIDS = [
    f"pending:{PRESALES_MANAGER}",
    f"pending:{SALES_HEAD}",
    f"pending:{GENERAL_MANAGER}",
    "approved",
    "draft",
    f"pending:{SALES_HEAD}",
]
# The equipment of an IT quote by industry: (model code, quantity in a reference project),
# scaled to the expected amount.
IT_SETS = {
    "public_security": [
        ("IPC-4MP", 400),
        ("PTZ-4MP", 60),
        ("LIC-VMS", 1),
        ("STO-DS100", 4),
        ("SW-CORE-S12", 2),
        ("SW-ACC-48", 10),
        ("FW-NG2000", 2),
    ],
    "healthcare": [
        ("SRV-2288X", 8),
        ("STO-AF50", 2),
        ("LIC-HIS", 1),
        ("LIC-VIRT", 16),
        ("SW-CORE-S12", 2),
        ("SW-ACC-48", 12),
        ("FW-NG2000", 2),
    ],
    "other": [
        ("SRV-KP920", 6),
        ("STO-DS100", 2),
        ("LIC-VIRT", 12),
        ("SW-CORE-S12", 2),
        ("SW-ACC-48", 8),
        ("FW-NG2000", 2),
    ],
}
