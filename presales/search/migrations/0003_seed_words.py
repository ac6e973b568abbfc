"""The first dictionary and synonyms, from the seed's products and vocabulary; admins edit
them later (presales.search.admin)."""

from django.db import migrations

CODES = ["ZHDCS220", "IMPS48/150", "ZHM05P", "UPS"]
DOMAIN = [
    "直流屏",
    "直流电源屏",
    "一体化电源",
    "一体化电源系统",
    "偏差表",
    "技术偏差表",
    "绝缘监测",
    "应答集锦",
    "蓄电池",
    "充电模块",
    "均流",
    "纹波系数",
    "电压纹波",
    "均流不平衡度",
    "均流精度",
    "稳压精度",
    "稳流精度",
    "交流屏",
    "高频开关电源",
    "不间断电源",
    "视频监控",
    "门禁系统",
    "网络交换机",
    "招标文件",
    "投标文件",
    "型式试验报告",
]
SYNONYMS = [
    "纹波系数 = 电压纹波",
    "均流不平衡度 = 均流精度",
    "直流屏 = 直流电源屏",
    "一体化电源 = 一体化电源系统",
    "UPS = 不间断电源",
    "偏差表 = 技术偏差表",
    "应答集锦 = 应答库",
]


def seed(apps, schema_editor):
    SearchWord = apps.get_model("search", "SearchWord")
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for word in CODES:
        SearchWord.objects.get_or_create(word=word, defaults={"kind": "model_code"})
    for word in DOMAIN:
        SearchWord.objects.get_or_create(word=word, defaults={"kind": "domain"})
    for terms in SYNONYMS:
        SynonymGroup.objects.get_or_create(terms=terms)


def unseed(apps, schema_editor):
    apps.get_model("search", "SearchWord").objects.filter(word__in=CODES + DOMAIN).delete()
    apps.get_model("search", "SynonymGroup").objects.filter(terms__in=SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(seed, unseed)]
