"""The demo's contracts (购销合同/采购合同): payment terms, what the contract review returns a
contract for, where today's contracts stand, and how actual costs end against the plan."""

from __future__ import annotations

from decimal import Decimal

# The demo company (乙方 of its contracts), one company for both business lines.
OUR_COMPANY = "华辰能源科技股份有限公司"
CONTRACT_RETURN_COMMENT = "付款条件与招标文件不一致（预付款比例应为30%），质保期未写明，请修改后重新提交"
PAYMENT_TERMS = [
    "合同签订后支付30%预付款，到货验收后支付60%，质保期满（2年）后支付10%。",
    "到货验收合格后支付70%，项目整体验收后支付25%，质保金5%于质保期满一年后支付。",
    "合同签订后支付20%，设备到货支付50%，验收合格支付25%，质保金5%。",
]
# Contracts of opportunities in 实施 (active), in turn.
CURRENT_CONTRACTS = ["signed", "in_review", "signed", "returned", "approved", "signed", "draft", "signed"]
# Actual costs of won projects against the planned cost: some end above plan, some below.
COST_FACTORS = [Decimal(f) for f in ("0.95", "1.05", "0.97", "1.06", "0.93", "1.03", "0.96", "1.04", "1.0")]
# How finance books a won project's costs: (category, description, share of the planned cost).
COST_SHARES = [
    ("equipment", "设备采购", "0.62"),
    ("outsourced", "外购件（断路器、蓄电池等）", "0.2"),
    ("construction", "安装施工分包", "0.12"),
    ("travel", "差旅及现场服务", "0.04"),
    ("other", "运输及保险", "0.02"),
]
