"""Reminder, moved from members (its 0006): the model is taken over as it stands on the
members_reminder table, then the table is renamed to core_reminder."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import lvzhi.core.models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_job"),
        ("members", "0007_reminder_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Reminder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="创建时间"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="更新时间"),
                        ),
                        (
                            "org_path",
                            lvzhi.core.models.PathField(
                                db_index=True,
                                editable=False,
                                max_length=255,
                                verbose_name="组织路径",
                            ),
                        ),
                        ("key", models.CharField(max_length=120)),
                        ("text", models.CharField(max_length=500, verbose_name="提醒")),
                        ("url", models.CharField(blank=True, max_length=300)),
                        (
                            "read_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="已读时间"),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "提醒",
                        "verbose_name_plural": "提醒",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "members_reminder",
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "key"), name="unique_reminder")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="reminder", table=None),
    ]
