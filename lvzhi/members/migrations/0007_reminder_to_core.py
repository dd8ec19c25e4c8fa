"""Reminder moves to core (lvzhi.core.reminders): any module's daily job sends reminders.
The table stays; core's 0009 takes the model over and renames the table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0006_workbench_rollup_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Reminder")],
            database_operations=[],
        )
    ]
