"""The categories of the issue (天津 002 社区妇女信息台账; CQ 妇女之家 board R-HM-08; 历下
单亲困难母亲 R-RT-05) as rows: editable data, not code."""

from django.db import migrations

from lvzhi.ledger.categories import DEFAULT_CATEGORIES, ensure_default_categories


def seed(apps, schema_editor):
    ensure_default_categories(apps.get_model("ledger", "Category"))


def unseed(apps, schema_editor):
    apps.get_model("ledger", "Category").objects.filter(
        code__in=[code for code, *_rest in DEFAULT_CATEGORIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
