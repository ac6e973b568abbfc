"""More words of the DC power trade that jieba cuts into single characters (浮充电压 → 浮 充
电压): kept whole, the search finds 浮充 as a word and the answer matcher compares it as a term.
Rows indexed before keep their old cut until `manage.py search_reindex` (the demo data is
indexed after migrating)."""

from django.db import migrations

DOMAIN = [
    "浮充",
    "均充",
    "浮充电压",
    "均充电压",
    "浮充电流",
    "均充电流",
    "绝缘电阻",
    "硅链",
    "降压硅链",
    "合闸母线",
    "控制母线",
    "核对性放电",
    "交流窜入",
    "通信电源",
    "电池巡检",
]


def seed(apps, schema_editor):
    SearchWord = apps.get_model("search", "SearchWord")
    for word in DOMAIN:
        SearchWord.objects.get_or_create(word=word, defaults={"kind": "domain"})


def unseed(apps, schema_editor):
    apps.get_model("search", "SearchWord").objects.filter(word__in=DOMAIN).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0006_joined_code_tokens")]

    operations = [migrations.RunPython(seed, unseed)]
