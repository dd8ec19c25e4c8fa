"""Reads of the activity log.

Who sees an activity: the member herself (her own activities, found by her person whatever
her role scope) and the cadres who verify it (``change`` scope over its
organization). Everyone else — fellow members of the same committee, department staff,
party approvers — gets 404, the same answer as for an activity outside the tree.

A member's 七个一 statuses are those of the stored ``MemberCompliance`` rows (what the
roll-ups count); the rule's own verdict text is computed beside them from her seats and
activity dates (two queries); a row missing or out of date is shown as the rule computes
it now. Reading writes nothing: rows are stored by the write paths and the daily job.

One module (≈410 lines): the list reads and the member's duty statuses share the visibility
rule above; split, the halves would import each other's private helpers.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from lvzhi.core.periods import Period
from lvzhi.core.scopes import PATH_END, scope_for
from lvzhi.members import rules
from lvzhi.members.common.selectors import COMMITTEE_TITLES, member_person, ruleset_for, tenure_of
from lvzhi.members.models import (
    Activity,
    ActivityKind,
    ActivityPhoto,
    ActivityStatus,
    MemberCompliance,
)
from lvzhi.orgs.models import SMALL_UNIT_KINDS, Organization, Person, Position

PII = ("person__phone", "person__id_number", "person__search_text")
LIST_LIMIT_PEOPLE = 500
LIST_LIMIT_ORGS = 300


# 可见范围 ---------------------------------------------------------------------


def cadre_scope(user):
    """Where the user verifies activities (cadres: ``change`` over the organization)."""
    return scope_for(user, "change")


def visible_activities(user):
    """Activities the user may read: her own (found by her person, whatever the scope of
    her roles — a member seated on a committee outside her role's organization still sees
    what she recorded), and those she verifies as a cadre."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Activity.objects.none()
    scope = cadre_scope(user)
    if scope.everything:
        return Activity.objects.all()
    own = member_person(user)
    condition = None
    if not scope.empty:
        condition = scope.q("org_path")
    if own is not None:
        mine = Q(person_id=own.pk)
        condition = mine if condition is None else condition | mine
    if condition is None:
        return Activity.objects.none()
    return Activity.objects.filter(condition)


def is_cadre_for(user, activity: Activity) -> bool:
    return cadre_scope(user).covers(activity.org_path)


def is_own(user, activity: Activity) -> bool:
    own = member_person(user)
    return own is not None and own.pk == activity.person_id


def with_related(queryset):
    """The rows a list or a detail shows, loaded in a fixed number of queries."""
    return (
        queryset.select_related("person", "organization")
        .defer(*PII)
        .prefetch_related(
            Prefetch("photos", queryset=ActivityPhoto.objects.order_by("id")),
            Prefetch("units", queryset=Organization.objects.only("id", "name", "kind")),
        )
    )


def get_activity(user, pk) -> Activity:
    """One visible activity, or 404."""
    activity = with_related(visible_activities(user)).filter(pk=pk).first()
    if activity is None:
        raise Http404(_("活动不存在或不在您的查看范围内"))
    return activity


def get_activity_photo(user, pk) -> ActivityPhoto:
    """A photo of an activity the user may read (the detail page's rule), or 404."""
    photo = ActivityPhoto.objects.filter(activity__in=visible_activities(user), pk=pk).first()
    if photo is None:
        raise Http404(_("活动不存在或不在您的查看范围内"))
    return photo


def activities_for_verify(user, ids):
    """Activities the user verifies as a cadre (``change`` scope), among ``ids``."""
    return (
        Activity.objects.restrict(user, "change")
        .select_related("person", "organization")
        .defer(*PII)
        .filter(pk__in=list(ids))
        .order_by("id")
    )


def get_activity_for_verify(user, pk) -> Activity:
    """An activity the user verifies as a cadre, or 404 (a member verifies nothing)."""
    activity = activities_for_verify(user, [pk]).first()
    if activity is None:
        raise Http404(_("活动不存在或不在您的管理范围内"))
    return activity


def _parse_date(value):
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def _pk(value):
    if isinstance(value, int):
        return value
    value = str(value or "").strip()
    return int(value) if value.isdigit() else None


@dataclass
class Filters:
    person: int | None = None
    organization: Organization | None = None
    kind: str = ""
    status: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    invalid: bool = False  # an id outside the user's reach: the list is empty

    @classmethod
    def parse(cls, user, params) -> "Filters":
        """From query parameters ``person``, ``org``, ``kind``, ``status``, ``from``, ``to``;
        unknown values are ignored, an out-of-reach organization empties the list."""
        filters = cls()
        filters.person = _pk(params.get("person"))
        org = _pk(params.get("org") or params.get("organization"))
        if org is not None:
            filters.organization = (
                Organization.objects.restrict(user, "view").filter(pk=org).first()
            )
            filters.invalid = filters.organization is None
        kind = params.get("kind") or ""
        filters.kind = kind if kind in ActivityKind.values else ""
        status = params.get("status") or ""
        filters.status = status if status in ActivityStatus.values else ""
        filters.date_from = _parse_date(params.get("from")) if params.get("from") else None
        filters.date_to = _parse_date(params.get("to")) if params.get("to") else None
        return filters

    def apply(self, queryset):
        if self.invalid:
            return queryset.none()
        if self.person is not None:
            queryset = queryset.filter(person_id=self.person)
        if self.organization is not None:
            path = self.organization.path
            queryset = queryset.filter(org_path__gte=path, org_path__lt=path + PATH_END)
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.status:
            queryset = queryset.filter(status=self.status)
        if self.date_from:
            queryset = queryset.filter(date__gte=self.date_from)
        if self.date_to:
            queryset = queryset.filter(date__lte=self.date_to)
        return queryset

    def as_query(self) -> dict:
        """The filters as query parameters (for pagination links)."""
        values = {
            "person": self.person or "",
            "org": self.organization.pk if self.organization else "",
            "kind": self.kind,
            "status": self.status,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }
        return {k: v for k, v in values.items() if v != ""}


def activity_list(user, filters: Filters | None = None):
    """Visible activities, newest first, with person, organization, photos and units."""
    queryset = visible_activities(user)
    if filters is not None:
        queryset = filters.apply(queryset)
    return with_related(queryset).order_by("-date", "-id")


def own_activities(user, person: Person):
    """A member's own activities (the ``me`` endpoints and her phone page). Every row is
    hers: read through ``person.activities``, each row carries ``person`` itself (no join
    and no copy of her record per row — her history is the hot read of issue 13)."""
    mine = person.activities.all() & visible_activities(user)
    return (
        mine.select_related("organization")
        .prefetch_related(
            Prefetch("photos", queryset=ActivityPhoto.objects.order_by("id")),
            Prefetch("units", queryset=Organization.objects.only("id", "name", "kind")),
        )
        .order_by("-date", "-id")
    )


def returned_activities(user, person: Person, limit: int = 5):
    """Her activities sent back by a cadre, newest first, with the reason (one query)."""
    return (
        visible_activities(user)
        .filter(person=person, status=ActivityStatus.RETURNED)
        .only("id", "kind", "date", "place", "return_reason", "verified_at", "status")
        .order_by("-verified_at", "-id")[:limit]
    )


def suggestion_list(user, filters: Filters | None = None):
    """建议 of members in the cadre's scope: unanswered first, then newest."""
    queryset = Activity.objects.restrict(user, "change").filter(kind=ActivityKind.SUGGESTION)
    if filters is not None:
        queryset = filters.apply(queryset)
    return (
        queryset.select_related("person", "organization", "answered_by")
        .defer(*PII)
        .order_by(F("answered_at").desc(nulls_first=True), "-date", "-id")
    )


def filter_organizations(user):
    """Organizations offered in the list's filter: federations where the user verifies."""
    scope = cadre_scope(user)
    if scope.empty:
        return Organization.objects.none()
    return (
        Organization.objects.filter(scope.q("path"))
        .exclude(kind__in=SMALL_UNIT_KINDS)
        .only("id", "name", "path", "depth")
        .order_by("path")[:LIST_LIMIT_ORGS]
    )


# 代录：可选的执委 ---------------------------------------------------------------


def recordable_people(
    user, today: dt.date, organization: Organization | None = None, limit=LIST_LIMIT_PEOPLE
):
    """Members seated on a committee (today) in the cadre's ``create`` scope, optionally
    within ``organization``'s subtree; at most ``limit`` (None: all, for a lookup)."""
    seats = (
        Position.objects.restrict(user, "create")
        .filter(title__in=COMMITTEE_TITLES, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    )
    if organization is not None:
        path = organization.path
        seats = seats.filter(org_path__gte=path, org_path__lt=path + PATH_END)
    people = (
        Person.objects.filter(pk__in=seats.values("person_id"))
        .select_related("organization")
        .only("id", "name", "org_path", "organization__name", "organization__short_name")
        .order_by("org_path", "name", "id")
    )
    return people if limit is None else people[:limit]


def may_record_for_others(user) -> bool:
    """A cadre records activities for the members seated in her ``create`` scope."""
    return not scope_for(user, "create").empty


def recordable_person(user, person_id: int, today: dt.date) -> Person | None:
    """The member ``user`` may record an activity for, by id (the page and the API ask
    the same question): herself, or a member seated today in the user's ``create``
    scope; None for anyone else (the caller answers 404)."""
    own = member_person(user)
    if own is not None and own.pk == person_id:
        return own
    return recordable_people(user, today, None, limit=None).filter(pk=person_id).first()


def unit_choices(organization: Organization | None):
    """妇女小组 and 微家 in the organization's subtree."""
    if organization is None:
        return Organization.objects.none()
    path = organization.path
    return (
        Organization.objects.filter(
            kind__in=SMALL_UNIT_KINDS, path__gte=path, path__lt=path + PATH_END
        )
        .only("id", "name", "path")
        .order_by("path")
    )


# 七个一 ----------------------------------------------------------------------


@dataclass
class DutyEntry:
    """One rule and one period of a member: the stored row's numbers and the rule's text."""

    rule_id: str
    label: str
    source: str
    period: Period
    required: int
    done: int
    status: str
    detail: str
    current: bool
    kind: str
    pending: int = 0  # of ``done``, activities still 待确认

    @property
    def status_label(self) -> str:
        return str(rules.STATUS_LABELS.get(self.status, self.status))

    @property
    def owed(self) -> int:
        if self.status in (rules.DUE, rules.OVERDUE):
            return max(self.required - self.done, 0)
        return 0


def member_compliance(person: Person, organization: Organization, year: int, today: dt.date):
    """Her entries for every 七个一 rule and every period of ``year`` that has begun.

    Entries take status, required and done from her ``MemberCompliance`` rows and the
    verdict text from the rule. A row missing or out of date (her first period, a period
    that ended before the daily job ran) is shown as the rule computes it now; reading
    writes nothing — the rows are stored by the write paths (recording, verifying,
    seat changes) and by the daily job."""
    ruleset = ruleset_for(organization)
    seats = Position.objects.filter(
        person=person, organization=organization, title__in=COMMITTEE_TITLES
    ).only("start_date", "end_date")
    tenure = tenure_of(seats)
    if tenure is None:
        return [], []
    duty = rules.duty_rules(ruleset)
    kinds = {rule.id: rule.params["activity"] for rule in duty}
    dates = defaultdict(list)
    waiting = defaultdict(list)
    rows = (
        Activity.objects.filter(
            person=person,
            organization=organization,
            kind__in=set(kinds.values()),
            date__gte=dt.date(year, 1, 1),
            date__lte=dt.date(year, 12, 31),
        )
        .exclude(status=ActivityStatus.RETURNED)
        .values_list("kind", "date", "status")
    )
    for kind, day, status in rows:
        dates[kind].append(day)
        if status == ActivityStatus.RECORDED:
            waiting[kind].append(day)
    verdicts = [
        s
        for s in rules.seven_ones_for_year(
            tenure=tenure, activities=dates, year=year, today=today, ruleset=ruleset
        )
        if s.period.start <= today
    ]
    stored = {
        (row.rule_id, row.period_code): row
        for row in MemberCompliance.objects.filter(
            person=person,
            organization=organization,
            period_start__gte=dt.date(year, 1, 1),
            period_start__lte=dt.date(year, 12, 31),
        )
    }
    entries = []
    for verdict in verdicts:
        row = stored.get((verdict.rule_id, verdict.period.code))
        kind = kinds[verdict.rule_id]
        pending = sum(verdict.period.start <= day <= verdict.period.end for day in waiting[kind])
        live = (verdict.status, verdict.done, verdict.required)
        if row is not None and (row.status, row.done, row.required) == live:
            status, done, required = row.status, row.done, row.required
        else:
            status, done, required = live
        entries.append(
            DutyEntry(
                rule_id=verdict.rule_id,
                label=str(rules.ACTIVITY_LABELS.get(kind, verdict.rule_id)),
                source=row.source if row is not None and row.source else verdict.verdict.source,
                period=verdict.period,
                required=required,
                done=done,
                status=status,
                detail=verdict.verdict.detail,
                current=verdict.period.contains(today),
                kind=kind,
                pending=min(pending, done),
            )
        )
    return entries
