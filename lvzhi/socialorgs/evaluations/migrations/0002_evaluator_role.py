from django.db import migrations


def create_roles(apps, schema_editor):
    from lvzhi.socialorgs.evaluations.roles import ensure_roles

    ensure_roles(apps.get_model("core", "Role"))


class Migration(migrations.Migration):
    dependencies = [("socialorgs_evaluations", "0001_evaluation"), ("core", "0009_reminder")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
