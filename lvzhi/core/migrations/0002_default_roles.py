from django.db import migrations

from lvzhi.core.roles import ensure_default_roles


def create_roles(apps, schema_editor):
    ensure_default_roles(apps.get_model("core", "Role"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
