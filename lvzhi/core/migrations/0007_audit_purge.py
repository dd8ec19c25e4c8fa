from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0006_admin_roles")]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="purged_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="清理时间"
            ),
        ),
    ]
