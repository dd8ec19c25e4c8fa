"""The change history of one object (routed from lvzhi/urls.py as ``history``). It lives in
orgs, not core, because its actors are named through orgs' people (``label_actors``)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from lvzhi.core.models import AuditEvent
from lvzhi.core.pii import mask_audit_changes
from lvzhi.core.views import field_labels
from lvzhi.orgs.selectors import label_actors


@login_required
def history(request, object_type: str, object_id: str):
    """The change history of one object, for those who may change things at its
    organization (cadres): old values of every field would otherwise reach members and
    staff who may only read some objects of the organization (another member's activities,
    evaluations, exit cases)."""
    events = list(
        AuditEvent.objects.restrict(request.user, "change")
        .filter(object_type=object_type, object_id=object_id)
        .order_by("-created_at", "-id")[:500]
    )
    if not events:
        raise Http404(_("没有可查看的记录"))
    label_actors(events, request.user)
    labels = field_labels(object_type)
    for event in events:
        event.rows = [
            (labels.get(name, name), pair[0], pair[1])
            for name, pair in mask_audit_changes(event.changes).items()
            if isinstance(pair, list | tuple) and len(pair) == 2
        ]
    return render(
        request, "core/history.html", {"events": events, "subject": events[0].object_repr}
    )
