"""The words the matcher compares: a requirement, a wording or a tender clause as terms.

A text is NFKC-normalised and lower-cased; each phrase of a synonym group is replaced by the
group's first phrase (电压稳定度 → 稳压精度, so two wordings of one parameter share a term);
then cut by the search module's jieba tokenizer (presales.search.text.tokens: words, then the
dictionary words inside longer ones). Single Chinese characters, numbers (the values are
compared by presales.lib.quantities, not as words) and the words every tender clause uses
(投标人, 应, 满足, 不小于 …) are left out.

The synonym groups are this module's domain groups plus the search module's SynonymGroup rows
(admins edit those). A change to the rows reaches the index after `manage.py answers_reindex`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from presales.search import text as search_text

CJK = search_text.CJK

# Domain synonym groups: buyers name one parameter many ways. The first phrase is canonical.
DOMAIN_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("稳压精度", "电压稳定度", "稳压精确度", "电压稳定精度", "输出电压精度"),
    ("稳流精度", "电流稳定度", "稳流精确度"),
    ("纹波系数", "电压纹波", "纹波电压", "峰峰值纹波", "纹波"),
    ("均流不平衡度", "均流精度", "均流不均衡度", "不均流度"),
    ("效率", "转换效率", "整机效率"),
    ("功率因数", "pf值"),
    ("整流模块", "充电模块", "整流器模块", "高频开关整流模块", "开关整流模块"),
    ("蓄电池", "电池组", "阀控式密封铅酸蓄电池", "蓄电池组"),
    ("绝缘监测", "绝缘检测", "绝缘监察"),
    ("监控模块", "监控单元", "集中监控器"),
    ("直流屏", "直流电源屏", "直流柜"),
    ("一体化电源", "一体化电源系统"),
    ("不间断电源", "ups"),
    ("质保期", "质量保证期", "保修期", "免费保修期", "质保"),
    ("响应时间", "响应时限"),
    ("到达现场", "到场", "抵达现场", "赶到现场"),
    ("培训", "技术培训"),
    ("红外距离", "红外照射距离", "红外补光距离", "夜视距离"),
    ("存储", "存储时间", "录像保存", "录像存储", "保存天数", "存储天数"),
    ("分辨率", "像素"),
    ("帧率", "帧速率"),
    ("背板带宽", "交换容量"),
    ("包转发率", "转发性能"),
    ("端口", "接口"),
    ("精密空调", "机房空调", "恒温恒湿空调"),
    ("营业执照", "企业法人营业执照"),
    ("业绩", "类似项目业绩", "项目业绩", "同类业绩"),
    ("噪声", "噪音"),
    ("工作温度", "环境温度", "运行温度"),
    ("防护等级", "ip等级"),
    ("平均无故障时间", "mtbf"),
    ("冗余", "备份"),
)

# Words every clause uses: they tell nothing about which entry answers it.
STOP_WORDS = frozenset(
    """
    投标人 投标方 投标 卖方 供应商 供货商 中标人 招标人 买方 采购人 甲方 乙方 本项目 项目
    应 须 必须 需 需要 应当 应能 能够 可以 可 具备 具有 提供 满足 符合 达到 要求 规定 标准 相关 所投
    不小于 不低于 不大于 不高于 不超过 不少于 不多于 大于 小于 低于 高于 以上 以下 至少 最多 优于 等于 及以上
    以内 之内 范围 不得 严禁 其他 其它 以及 或者 并且 同时 包括 包含 等 的 和 与 及 或 在 对 为 是 有 并 且
    其 该 各 每 个 台 套 设备 系统 产品 技术 参数 性能 指标 功能 进行 采用 使用 保证 确保 实现 支持 条件 情况
    方面 内容 时 后 前 中 上 下 内 外 一 二 三 不 无 由 从 按 按照 根据 ★ ▲ 投标文件 招标文件 说明 注
    """.split()
)

# Characters that make a pair of characters tell nothing (应具, 不小, 大于).
FUNCTION_CHARS = frozenset(
    "的了和与及或等应须需能可为在对于其该并且不小大低高少多超过以上下内个之是有具备提供满足要求投标人方所时"
)
BIGRAM_WEIGHT = 0.5

_NUMBER = re.compile(r"^[0-9]+$")
_CJK_RUN = re.compile(rf"[{CJK}]+")
_SINGLE_CJK = re.compile(rf"^[{CJK}]$")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


@lru_cache(maxsize=8)
def _replacer(groups: tuple[tuple[str, ...], ...]):
    mapping: dict[str, str] = {}
    for group in groups:
        words = [normalize(w).strip() for w in group if w and w.strip()]
        if len(words) < 2:
            continue
        canonical = mapping.get(words[0], words[0])
        for word in words:
            mapping.setdefault(word, canonical)
    if not mapping:
        return None, {}
    # Longest first, so 电压稳定精度 is replaced before 电压稳定度 could match inside it.
    pattern = re.compile("|".join(re.escape(w) for w in sorted(mapping, key=len, reverse=True)))
    return pattern, mapping


def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """The domain groups and the search module's rows (one query)."""
    from presales.search.models import SynonymGroup, parse_terms

    rows = tuple(tuple(parse_terms(t)) for t in SynonymGroup.objects.order_by("pk").values_list("terms", flat=True))
    return DOMAIN_SYNONYMS + rows


def canonical(text: str, groups: tuple[tuple[str, ...], ...] = DOMAIN_SYNONYMS) -> str:
    pattern, mapping = _replacer(groups)
    text = normalize(text)
    if pattern is None:
        return text
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def terms(text: str, groups: tuple[tuple[str, ...], ...] = DOMAIN_SYNONYMS) -> Counter:
    """The text's terms with their weights: each word 1, each pair of neighbouring Chinese
    characters BIGRAM_WEIGHT (a word jieba does not know, 运维 in 运维人员, still matches)."""
    value = canonical(text, groups)
    kept: Counter = Counter()
    # The search indexes codes joined as well (80m, imps48150): here values are compared by
    # presales.lib.quantities, and a joined value would be a rare word the clause never shares.
    joined = set(search_text.codes(search_text.normalize(value)))
    for word in search_text.tokens(value).split():
        if _SINGLE_CJK.match(word) or _NUMBER.match(word) or word in STOP_WORDS or len(word) > 40 or word in joined:
            continue
        kept[word] += 1
    for run in _CJK_RUN.findall(value):
        for i in range(len(run) - 1):
            pair = run[i : i + 2]
            if pair[0] in FUNCTION_CHARS or pair[1] in FUNCTION_CHARS or pair in STOP_WORDS:
                continue
            kept[pair] += BIGRAM_WEIGHT
    return kept
