"""The categories of the issue (天津 002 社区妇女信息台账; CQ 妇女之家 board R-HM-08; 历下
单亲困难母亲 R-RT-05) as rows: editable data, not code."""

from django.db import migrations

CATEGORIES = [
    # code, name, group, sensitive
    ("left_behind_women", "留守妇女", "women", False),
    ("women_in_difficulty", "困难妇女", "women", True),
    ("single_poor_mothers", "单亲困难母亲", "women", True),
    ("disabled_women", "残疾妇女", "women", True),
    ("empty_nest_elderly_women", "空巢老年妇女", "women", False),
    ("migrant_women", "流动妇女", "women", False),
    ("party_members", "女党员", "women", False),
    ("volunteers", "巾帼志愿者", "women", False),
    ("deputies", "两代表一委员", "women", False),
    ("left_behind_children", "留守儿童", "children", False),
    ("children_in_difficulty", "困境儿童", "children", True),
    ("spring_bud_girls", "春蕾女童", "children", True),
]


def seed(apps, schema_editor):
    Category = apps.get_model("ledger", "Category")
    for order, (code, name, group, sensitive) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "group": group,
                "sensitive": sensitive,
                "sort_order": order * 10,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("ledger", "Category").objects.filter(
        code__in=[code for code, *_rest in CATEGORIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
