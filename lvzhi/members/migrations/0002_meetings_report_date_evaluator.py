# Meetings area: the day a report was given (R-EX-09 counts it) and the fellow member who
# graded an evaluation (each member grades another once a year).

import datetime

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("orgs", "0003_term_constraint_message"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="date",
            field=models.DateField(default=datetime.date(2000, 1, 1), verbose_name="述职日期"),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["organization", "year"], name="members_rep_organiz_fb5f30_idx"
            ),
        ),
        migrations.AddField(
            model_name="evaluation",
            name="evaluator",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="orgs.person",
                verbose_name="评议执委",
            ),
        ),
        migrations.AddConstraint(
            model_name="evaluation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("evaluator__isnull", False)),
                fields=("person", "organization", "year", "evaluator"),
                name="unique_member_evaluation",
            ),
        ),
    ]
