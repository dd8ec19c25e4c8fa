from django.db import migrations

from lvzhi.core.roles import ensure_default_roles


def create_roles(apps, schema_editor):
    """The three administrators (系统、安全、审计管理员) join the default roles."""
    ensure_default_roles(apps.get_model("core", "Role"))


class Migration(migrations.Migration):
    dependencies = [("core", "0005_api_token")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
