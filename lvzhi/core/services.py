"""Audit: every service records what it changed in the same transaction."""

import datetime as dt
import decimal
import hashlib

from django.db import models
from django.db.models.fields.files import FieldFile

from lvzhi.core.audit import chain
from lvzhi.core.middleware import current_request_id
from lvzhi.core.models import AuditEvent


def _plain(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


class Snapshot(dict):
    """Field values for an audit diff. ``secret`` holds a digest of each PII field's true
    value (never stored), so a change the mask hides (a new date in the same year) still
    shows in the diff."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.secret = {}


def snapshot(obj: models.Model) -> dict:
    """Field values of ``obj`` as plain JSON values, PII masked."""
    values = Snapshot()
    for field in obj._meta.concrete_fields:
        if not field.editable or field.primary_key:
            continue
        if field.is_relation:
            related_id = getattr(obj, field.attname)
            values[field.name] = None if related_id is None else str(getattr(obj, field.name))
            continue
        value = getattr(obj, field.attname)
        if getattr(field, "pii", False):
            values.secret[field.name] = hashlib.sha256(str(value or "").encode()).digest()
            value = field.mask(value or "") or (None if value is None else "")
        elif field.choices and value not in (None, ""):
            value = str(dict(field.flatchoices).get(value, value))
        values[field.name] = _plain(value)
    return values


def diff(before: dict, after: dict) -> dict:
    """Changed fields as ``{name: [old, new]}``; PII fields as masks, listed also when only
    the hidden part changed."""
    secret_before = getattr(before, "secret", {})
    secret_after = getattr(after, "secret", {})
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
        or (
            name in secret_before
            and name in secret_after
            and secret_before[name] != secret_after[name]
        )
    }


def object_type(obj: models.Model) -> str:
    return obj._meta.label_lower


def audit(
    *,
    actor,
    action: str,
    obj: models.Model,
    changes: dict | None = None,
    organization=None,
) -> AuditEvent:
    organization = organization if organization is not None else getattr(obj, "organization", None)
    org_path = getattr(organization, "path", "") if organization is not None else ""
    event = AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=(
            actor.get_username() if actor is not None and actor.is_authenticated else "系统"
        ),
        organization=organization,
        org_path=org_path,
        action=action,
        object_type=object_type(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        changes=changes or {},
        request_id=current_request_id(),
    )
    return chain.append(event)


def audit_created(*, actor, obj: models.Model, organization=None) -> AuditEvent:
    """Audit a row just saved: every field it has, as changed from nothing."""
    return audit(
        actor=actor,
        action="create",
        obj=obj,
        changes=diff({}, snapshot(obj)),
        organization=organization,
    )


def delete_audited(*, actor, obj: models.Model, organization=None) -> None:
    """Audit a row's deletion (every field it had), then delete it."""
    audit(
        actor=actor,
        action="delete",
        obj=obj,
        changes=diff(snapshot(obj), {}),
        organization=organization,
    )
    obj.delete()


def audit_bulk(*, actor, action: str, objects, organization_of=lambda o: o.organization):
    """One event per object in a single INSERT, for imports and bulk writes."""
    request_id = current_request_id()
    actor_ok = actor is not None and actor.is_authenticated
    events = []
    for obj in objects:
        organization = organization_of(obj)
        events.append(
            AuditEvent(
                actor=actor if actor_ok else None,
                actor_name=actor.get_username() if actor_ok else "系统",
                organization=organization,
                org_path=getattr(organization, "path", ""),
                action=action,
                object_type=object_type(obj),
                object_id=str(obj.pk),
                object_repr=str(obj)[:255],
                changes={name: [None, value] for name, value in snapshot(obj).items()},
                request_id=request_id,
            )
        )
    return chain.append_many(events, batch_size=500)
