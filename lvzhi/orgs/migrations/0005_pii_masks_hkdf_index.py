"""Birth dates are shown and audited as their year; ID numbers by their last four
characters; the blind index moves to its HKDF-derived key (docs/decisions/0005-pii-keys.md).

Existing audit events are re-masked before the audit chain hashes them (``run_before``).
"""

import lvzhi.core.pii
from django.db import migrations
from django.db.models import Q

BATCH = 2000


def remask_audit_events(apps, schema_editor):
    from lvzhi.core.pii import mask_audit_changes

    AuditEvent = apps.get_model("core", "AuditEvent")
    events = AuditEvent.objects.filter(
        Q(changes__has_key="id_number") | Q(changes__has_key="birth_date")
    ).only("id", "changes")
    batch = []
    for event in events.iterator(chunk_size=BATCH):
        masked = mask_audit_changes(event.changes)
        if masked != event.changes:
            event.changes = masked
            batch.append(event)
        if len(batch) >= BATCH:
            AuditEvent.objects.bulk_update(batch, ["changes"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["changes"])


def reindex_people(apps, schema_editor):
    """The blind index under the HKDF key; ID numbers decrypt through the legacy fallback."""
    from lvzhi.core.pii import blind_index

    Person = apps.get_model("orgs", "Person")
    people = Person.objects.exclude(id_number_hash="").only("id", "id_number", "id_number_hash")
    batch = []
    for person in people.iterator(chunk_size=BATCH):
        digest = blind_index(person.id_number) if person.id_number else ""
        if digest != person.id_number_hash:
            person.id_number_hash = digest
            batch.append(person)
        if len(batch) >= BATCH:
            Person.objects.bulk_update(batch, ["id_number_hash"])
            batch = []
    Person.objects.bulk_update(batch, ["id_number_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0004_uploads_generated_names"),
        ("core", "0002_default_roles"),
    ]
    run_before = [("core", "0003_audit_chain")]

    operations = [
        # the column stays a date; altering it on SQLite would rebuild the table and drop
        # the search triggers, so only the state changes
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="birth_date",
                    field=lvzhi.core.pii.BirthDateField(
                        blank=True, null=True, verbose_name="出生日期"
                    ),
                )
            ]
        ),
        migrations.RunPython(remask_audit_events, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(reindex_people, migrations.RunPython.noop, elidable=True),
    ]
