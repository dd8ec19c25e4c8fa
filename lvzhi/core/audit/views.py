"""The audit administrator's pages: the audit log with filters, and its export. Open to
holders of ``view_audit`` (审计管理员; the platform admin and a superuser only in
development: ``lvzhi.core.duties.selectors.holds_duty``); others get 404."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lvzhi.core.duties.selectors import holds_duty
from lvzhi.core.middleware import current_request_id
from lvzhi.core.models import AuditEvent

from . import chain, exports, selectors
from .forms import AuditExportForm, AuditFilterForm

PAGE_SIZE = 50


def _require_auditor(request):
    if not holds_duty(request.user, "view_audit"):
        raise Http404(_("页面不存在"))


def _filters(form) -> dict:
    data = form.cleaned_data
    return {
        "start": data.get("start"),
        "end": data.get("end"),
        "organization": data.get("organization"),
        "actor": data.get("actor", "").strip(),
        "action": data.get("action", "").strip(),
    }


@login_required
def audit_log(request):
    _require_auditor(request)
    form = AuditFilterForm(request.GET or None)
    status = 200
    page = None
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        events = selectors.audit_events(**(_filters(form) if form.is_bound else {}))
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
        for event in page:
            event.rows = _change_rows(event)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit/log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "actions": selectors.known_actions(),
            "retention_days": settings.LVZHI_AUDIT_RETENTION_DAYS,
            "export_form": AuditExportForm(initial={"format": "xlsx"}),
        },
        status=status,
    )


def _change_rows(event) -> list[tuple]:
    """(label, old, new) per changed field, labelled by the field's verbose name."""
    from lvzhi.core.views import field_labels

    labels = field_labels(event.object_type)
    rows = []
    for name, pair in (event.changes or {}).items():
        label = labels.get(name, name)
        if isinstance(pair, list | tuple) and len(pair) == 2:
            rows.append((label, pair[0], pair[1]))
        else:
            rows.append((label, None, pair))
    return rows


@login_required
def audit_export(request):
    """A date range as Excel or JSON; the export itself is an audit event."""
    _require_auditor(request)
    form = AuditExportForm(request.GET)
    if not form.is_valid():
        messages = [m for errors in form.errors.values() for m in errors]
        return HttpResponse(
            "；".join(messages), status=400, content_type="text/plain; charset=utf-8"
        )
    filters = _filters(form)
    events = selectors.audit_events(**filters).order_by("created_at", "id")
    start, end = filters["start"].isoformat(), filters["end"].isoformat()
    fmt = form.cleaned_data["format"]
    title = f"审计日志 {start} 至 {end}"
    if fmt == "json":
        body = exports.to_json(events, meta={"title": title, "from": start, "to": end})
        content_type = "application/json; charset=utf-8"
    else:
        body = exports.to_xlsx(events, title="审计日志")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    _record_export(request.user, title, fmt, filters)
    response = HttpResponse(body, content_type=content_type)
    filename = f"audit-{start}-{end}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _record_export(user, title: str, fmt: str, filters: dict) -> None:
    org = filters["organization"]
    chain.append(
        AuditEvent(
            actor=user,
            actor_name=user.get_username(),
            organization=org,
            org_path=org.path if org is not None else "",
            action="export",
            object_type="core.auditevent",
            object_id="-",
            object_repr=title,
            changes={
                "format": [None, fmt],
                "actor": [None, filters["actor"]],
                "action": [None, filters["action"]],
            },
            request_id=current_request_id(),
        )
    )
