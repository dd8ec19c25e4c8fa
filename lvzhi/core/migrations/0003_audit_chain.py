import django.utils.timezone
from django.db import migrations, models


def chain_existing(apps, schema_editor):
    """Events written before the chain existed are chained in their order of writing."""
    from lvzhi.core.audit.chain import _normal, content_of, day_anchor, day_of, event_hash

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    head = None
    batch = []
    for event in AuditEvent.objects.order_by("created_at", "id").iterator(chunk_size=2000):
        day = day_of(event.created_at)
        if head is None or head.day < day:
            if head is not None:
                head.save()
            start = head.last_hash if head is not None else day_anchor(day)
            head = AuditChainHead(day=day, start_hash=start, last_hash=start, last_seq=0)
        event.chain_day = head.day
        event.seq = head.last_seq + 1
        event.changes = _normal(event.changes or {})
        event.prev_hash = head.last_hash
        event.hash = event_hash(content_of(event), event.prev_hash)
        head.last_seq, head.last_hash = event.seq, event.hash
        batch.append(event)
        if len(batch) >= 2000:
            AuditEvent.objects.bulk_update(
                batch, ["chain_day", "seq", "prev_hash", "hash", "changes"]
            )
            batch = []
    if batch:
        AuditEvent.objects.bulk_update(batch, ["chain_day", "seq", "prev_hash", "hash", "changes"])
    if head is not None:
        head.save()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_default_roles")]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("day", models.DateField(primary_key=True, serialize=False, verbose_name="日期")),
                ("start_hash", models.CharField(max_length=64)),
                ("last_hash", models.CharField(max_length=64)),
                ("last_seq", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "审计链日终",
                "verbose_name_plural": "审计链日终",
                "ordering": ["day"],
            },
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain_day",
            field=models.DateField(editable=False, null=True, verbose_name="链日期"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="哈希"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="前一事件哈希"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveIntegerField(editable=False, null=True, verbose_name="链序号"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="created_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="时间"
            ),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("chain_day", "seq"), name="unique_audit_chain_place"
            ),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
    ]
