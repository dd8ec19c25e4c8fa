"""Reads of the ledger's personal-information records: an entry's legal bases and gaps,
the read log (查阅记录) her federation and the audit administrator review, and the report
of what the platform holds about one woman (个人信息查阅复制, PIPL 第四十五条)."""

from lvzhi.core.duties.selectors import holds_duty
from lvzhi.core.models import AuditEvent
from lvzhi.core.scopes import scope_for

from . import rules
from .models import Consent, Entry, ReadLog
from .selectors import READ_ACTION


def consents(entry: Entry) -> list[Consent]:
    return list(entry.consents.select_related("recorded_by").order_by("-given_on", "-id"))


def basis_gaps(entry: Entry, records: list[Consent]) -> list[str]:
    """What the entry lacks for PIPL; ``entry.open_categories`` comes from the selectors."""
    sensitive_open = any(
        r.category.sensitive
        for r in getattr(entry, "open_categories", None)
        or entry.categories.filter(end_date__isnull=True).select_related("category")
    )
    return rules.basis_gaps(
        consents=[(c.basis, c.sensitive, c.withdrawn_on) for c in records],
        sensitive_open=sensitive_open,
    )


def reads(user):
    """Read log lines the user may review: those of entries at communities she keeps (the
    federation's cadres, ``change``), or all of them for the audit administrator."""
    rows = ReadLog.objects.select_related("entry")
    if holds_duty(user, "view_audit"):
        return rows
    scope = scope_for(user, READ_ACTION)
    if scope.empty:
        return ReadLog.objects.none()
    return rows.filter(scope.q("entry__org_path"))


def person_report(entry: Entry) -> dict:
    """Everything held about her: the entry, categories, visits, needs, moves, bases, every read
    and every change (audit events name no ID number or phone)."""
    return {
        "category_records": list(
            entry.categories.select_related("category").order_by("start_date", "id")
        ),
        "visits": list(entry.visits.select_related("visitor").order_by("date", "id")),
        "needs": list(entry.needs.order_by("recorded_on", "id")),
        "transfers": list(
            entry.transfers.select_related("from_organization", "to_organization").order_by(
                "created_at", "id"
            )
        ),
        "consents": consents(entry),
        "reads": list(entry.reads.order_by("at", "id")),
        "changes": list(
            AuditEvent.objects.filter(object_type="ledger.entry", object_id=str(entry.pk))
            .order_by("created_at", "id")
            .only("created_at", "actor_name", "action")
        ),
    }
