"""The authorization matrix's vocabulary and checks (the rows live beside each module's
tests, the parametrized test in ``test_authorization_matrix.py``).

A row is one page or endpoint; its expectations map each role to one status or to a
status per relation (``by_relation``). Role sets build the usual shapes, and the
anonymous answer is filled in when a row leaves it out (pages send her to the login page,
the API answers 401)::

    Row("org edit page", "GET", url, cadres(VIEW_SUBTREE))
    Row("API person", "GET", url, readers(), api=True)

What the matrix checks besides the status (``check_effect``):

- an answer that refuses (401, 403, 404, 400, and a page sending the anonymous visitor
  to log in) writes nothing: no audit event, no row added or removed in any of the
  project's tables;
- a row without ``writes`` writes no audit event whatever it answers (GET requests and
  refused forms change nothing);
- an allowed write (``writes=True`` and a 2xx answer, or a page's redirect) writes at
  least one audit event by the user, in the target's subtree or outside any
  organization (her own token), and the object an event names exists (was created or
  changed; a deleted one is gone) with every field the request sent stored as sent;
- ``writes`` may also be a function ``(target, response, events)`` for a row's own
  assertions, run after the generic ones.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.db import models

from lvzhi.core.models import AuditEvent

RELATIONS = ("own", "sibling", "ancestor", "descendant")
USER_ROLES = ("cadre", "department_staff", "member", "party_approver")
ROLES = (*USER_ROLES, "anonymous")
OK, CREATED, REDIRECT, BAD, NOT_FOUND, FORBIDDEN, UNAUTHORIZED = 200, 201, 302, 400, 404, 403, 401
NONE = NOT_FOUND
LOGIN = REDIRECT  # pages send anonymous users to the login page


def by_relation(own, sibling, ancestor, descendant):
    return dict(own=own, sibling=sibling, ancestor=ancestor, descendant=descendant)


VIEW_SUBTREE = by_relation(OK, NOT_FOUND, NOT_FOUND, OK)
VIEW_OWN_ONLY = by_relation(OK, NOT_FOUND, NOT_FOUND, NOT_FOUND)
CHANGE_SUBTREE_REDIRECT = by_relation(REDIRECT, NOT_FOUND, NOT_FOUND, REDIRECT)
CREATED_SUBTREE = by_relation(CREATED, NOT_FOUND, NOT_FOUND, CREATED)
REFUSED_SUBTREE = by_relation(BAD, NOT_FOUND, NOT_FOUND, BAD)


# Role sets: the shapes the row files repeat. Each leaves "anonymous" to the row (filled
# in by Row) unless given.


def cadres(cadre=VIEW_SUBTREE, **others):
    """Only the cadre (with her subtree) gets ``cadre``; the other roles 404."""
    return {"cadre": cadre, **dict.fromkeys(USER_ROLES[1:], NONE), **others}


def readers(cadre=VIEW_SUBTREE, own=VIEW_OWN_ONLY, **others):
    """The cadre reads her subtree, the other roles their own organization only."""
    return {"cadre": cadre, **dict.fromkeys(USER_ROLES[1:], own), **others}


def signed_in(status=OK, **others):
    """Every signed-in role alike (her own page: every relation answers alike)."""
    return {**dict.fromkeys(USER_ROLES, status), **others}


def everyone(status):
    """Every role, anonymous included (public pages, and what nobody may see)."""
    return dict.fromkeys(ROLES, status)


# Role sets by name, for the rows' one line each.
VIEWERS = readers()  # the cadre her subtree, the others their own organization
CADRES = cadres()  # only cadres of the subtree
CADRE_WRITES = cadres(CHANGE_SUBTREE_REDIRECT)  # a page's form, by cadres of the subtree
CADRE_CREATES = cadres(CREATED_SUBTREE)  # an API create, by cadres of the subtree
SIGNED_IN = signed_in()


@dataclass
class Row:
    name: str
    method: str
    url: Callable  # target -> url
    expect: dict  # role -> status, or role -> {relation: status}
    data: Callable | None = None  # target -> request body
    api: bool = False
    writes: bool | Callable = False  # see the module docstring
    extra: dict = field(default_factory=dict)  # more keyword arguments for the client call

    def __post_init__(self):
        self.expect = {"anonymous": UNAUTHORIZED if self.api else LOGIN, **self.expect}
        missing = set(ROLES) - set(self.expect)
        assert not missing, f"row {self.name!r} has no expectation for {sorted(missing)}"

    def expected(self, role, relation):
        spec = self.expect[role]
        return spec[relation] if isinstance(spec, dict) else spec


def _project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("lvzhi.")]


def snapshot(row=None):
    """What a request may leave behind: the last audit event and (unless it is a GET) every
    project table's size."""
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if row is not None and row.method == "GET":
        return last, None
    return last, {m._meta.label: m._base_manager.count() for m in _project_models()}


def _refused(row, role, status):
    return status >= 400 or (status == REDIRECT and role == "anonymous" and not row.api)


def _succeeded(row, role, status):
    if row.api:
        return 200 <= status < 300
    return status == REDIRECT or (status == OK and row.method != "GET")


def check_effect(row, role, target, user, before, response, data):
    """The matrix's assertions on what the request wrote (see the module docstring)."""
    last, counts = before
    events = list(AuditEvent.objects.filter(pk__gt=last).order_by("pk"))
    status = response.status_code
    if _refused(row, role, status):
        assert not events, f"a refusal wrote {[e.action for e in events]}"
        if counts is not None:
            after = snapshot()[1]
            changed = {k: (v, after[k]) for k, v in counts.items() if after[k] != v}
            assert not changed, f"a refusal added or removed rows: {changed}"
        return
    if not row.writes:
        assert not events, f"a row that writes nothing wrote {[e.action for e in events]}"
        return
    if not _succeeded(row, role, status):
        return
    assert events, "an allowed write left no audit event"
    for event in events:
        assert event.actor_id == (user.pk if user else None), (event.action, event.actor_id)
        assert not event.org_path or event.org_path.startswith(target.path), (
            f"{event.action} audited at {event.org_path}, outside {target.path}"
        )
    _check_stored(events, data or {})
    if callable(row.writes):
        row.writes(target, response, events)


def _check_stored(events, data):
    """Some event names an object that exists; where the request sent fields of that
    object's model, one such object stores them as sent."""
    found, mismatches = [], []
    for event in events:
        model = apps.get_model(event.object_type)
        obj = model._base_manager.filter(pk=event.object_id).first()
        if obj is None:
            if event.action == "delete":  # gone, as asked
                found.append(event)
            continue
        found.append(obj)
        sent = _sent_fields(model, data)
        if not sent:
            continue
        wrong = {
            name: (getattr(obj, f.attname), value)
            for name, (f, value) in sent.items()
            if not _same(f, getattr(obj, f.attname), value)
        }
        if not wrong:
            return
        mismatches.append((event.object_type, wrong))
    assert found, f"no object named by {[(e.action, e.object_type) for e in events]} exists"
    assert not mismatches, f"not stored as sent (stored, sent): {mismatches}"


def _sent_fields(model, data):
    """The request's values for ``model``'s scalar fields (a form's text for a JSON field
    is parsed by the service, so it is not compared)."""
    fields = {}
    for f in model._meta.concrete_fields:
        if isinstance(f, models.JSONField):
            continue
        for key in {f.name, f.attname}:
            if key in data and not f.primary_key:
                fields[key] = (f, data[key])
    return fields


def _same(f, stored, sent):
    if isinstance(f, models.BooleanField):
        return bool(stored) == (sent in (True, 1, "1", "on", "true", "True"))
    if stored is None or stored == "":
        return sent in (None, "")
    if isinstance(stored, dt.date | dt.datetime | dt.time):
        return stored.isoformat().startswith(str(sent))
    if isinstance(stored, int | float | Decimal) and not isinstance(stored, bool):
        try:
            return Decimal(str(stored)) == Decimal(str(sent))
        except InvalidOperation:
            return False
    return str(stored) == str(sent)


# Row makers: a row in one line naming its kind and its shape (a role set above).


def page(name, url, expect, **kwargs) -> Row:
    """A page read (GET)."""
    return Row(name, "GET", url, expect, **kwargs)


def page_submit(name, url, expect, data=None, writes=True, **kwargs) -> Row:
    """A form posted to a page: a write unless ``writes=False`` (a refused or empty post)."""
    return Row(name, "POST", url, expect, data=data, writes=writes, **kwargs)


def api_read(name, url, expect, **kwargs) -> Row:
    """An API read (GET)."""
    return Row(name, "GET", url, expect, api=True, **kwargs)


def api_write(name, method, url, expect, data=None, writes=True, **kwargs) -> Row:
    """An API call that writes, unless ``writes=False`` (a preview, an answer that writes
    nothing)."""
    return Row(name, method, url, expect, data=data, api=True, writes=writes, **kwargs)


def url(name, *objects):
    """``o`` -> the URL named ``name`` with the pks of ``f(o)`` for each of ``objects`` as
    its arguments (``o``'s own when none is given)."""
    from django.urls import reverse

    return lambda o: reverse(name, args=[(f(o) if f else o).pk for f in objects or [None]])


def named_url(name):
    """``o`` -> the URL named ``name``, which takes no argument (the same for every target)."""
    from django.urls import reverse

    return lambda o: reverse(name)
