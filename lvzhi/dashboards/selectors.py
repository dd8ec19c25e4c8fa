"""Reads of the workbench (工作台): per role, each item a count of a list page's rows, taken
from the very selector that builds that list (so the number on the workbench is the number
of rows the link shows), with its nearest deadline where the list has one.

The workbench reads a fixed set of aggregates: its number of queries does not grow with
the data (each count is one ``COUNT``/``MIN`` over its list's queryset). The counts are
kept ``CACHE_SECONDS`` in the shared cache per user, roles, organization, day and language
(the page is opened often and its aggregates cost far more than the page itself); only the
unread reminders, which the user clears herself, are counted on every request."""

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Exists, Min, OuterRef
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lvzhi.catalog import messages as catalog_messages
from lvzhi.catalog.models import MessageStatus
from lvzhi.core.models import Role
from lvzhi.core.periods import period_of
from lvzhi.core.scopes import PATH_END, scope_for, user_assignments
from lvzhi.homes import selectors as home_selectors
from lvzhi.members.activities import selectors as activity_selectors
from lvzhi.members.compliance import selectors as compliance_selectors
from lvzhi.members.meetings import selectors as meeting_selectors
from lvzhi.members.models import ActivityStatus
from lvzhi.members.rules.duties import OVERDUE
from lvzhi.orgs.models import Organization, System, Term
from lvzhi.processes import selectors as process_selectors
from lvzhi.processes.models import CaseStatus

# Children of the organization under this share of 七个一 met are drawn in the warning
# color on the workbench chart.
COMPLIANCE_THRESHOLD = 80.0

CADRE, DEPARTMENT, APPROVER, MEMBER, NOTHING = "cadre", "department", "approver", "member", ""

# How long a workbench's counts are served from the shared cache (the counts a cadre sees
# may be this many seconds old; her unread reminders never are).
CACHE_SECONDS = 30


@dataclass
class Item:
    """One line of the workbench: a count linking to the filtered list."""

    key: str
    label: str
    count: int
    url: str
    deadline: dt.date | None = None
    overdue: bool = False  # the items that are already late (shown in red when > 0)


@dataclass
class Workbench:
    kind: str
    organization: Organization | None = None
    items: list[Item] = field(default_factory=list)
    compliance: list[dict] = field(default_factory=list)
    compliance_share: float | None = None
    compliance_url: str = ""
    quarter: object = None
    departments: list = field(default_factory=list)
    # set when counted: the rendered body kept beside these counts is keyed by it
    # (``body_key``), so a recount is never shown with an older body
    counted: str = ""


def _url(name, *args, **query) -> str:
    url = reverse(name, args=args)
    query = {k: v for k, v in query.items() if v not in ("", None)}
    return f"{url}?{urlencode(query)}" if query else url


def workbench_kind(user) -> str:
    """Which workbench the user gets: a cadre's (any assignment that may change records of
    an organization, or a platform admin), department staff's, a party approver's, or
    none for a member whose only role is 执委 (her page is /members/me/)."""
    if user.is_superuser:
        return CADRE
    codes = set()
    for assignment in user_assignments(user):
        code = assignment.role.code
        if code == Role.DEPARTMENT_STAFF or (assignment.department_id and code != Role.MEMBER):
            codes.add(DEPARTMENT)
        elif code in (Role.CADRE, Role.PLATFORM_ADMIN):
            codes.add(CADRE)
        elif code == Role.PARTY_APPROVER:
            codes.add(APPROVER)
        elif code == Role.MEMBER:
            codes.add(MEMBER)
    for kind in (CADRE, DEPARTMENT, APPROVER, MEMBER):
        if kind in codes:
            return kind
    return NOTHING


# The counts, each from its list's selector ---------------------------------------------


def count_inbox(user) -> dict:
    """Steps waiting for the user (processes:inbox)."""
    return process_selectors.inbox(user).aggregate(count=Count("id"), deadline=Min("due_on"))


def count_cases(user, **filters) -> dict:
    """Cases of ``processes.selectors.case_list`` with the same filters (processes:cases,
    processes:overdue)."""
    queryset = process_selectors.case_list(user, **filters).order_by()
    return queryset.aggregate(count=Count("id"), deadline=Min("current_due_on"))


def count_messages(user, *, today, **filters) -> dict:
    """Supervision messages of ``catalog.messages.inbox_list`` (catalog:message-inbox)."""
    queryset = catalog_messages.inbox_list(user, today=today, **filters).order_by()
    return queryset.aggregate(count=Count("id"), deadline=Min("due_on"))


def activities_to_confirm(user, organization):
    """Activities recorded and not yet confirmed in the subtree (members:activities with
    ``status=recorded&org=``)."""
    filters = activity_selectors.Filters(status=ActivityStatus.RECORDED, organization=organization)
    return activity_selectors.activity_list(user, filters)


def suggestions_to_answer(user, organization):
    """Unanswered 建议 in the subtree (members:suggestions with ``answered=0&org=``)."""
    filters = activity_selectors.Filters(organization=organization)
    return activity_selectors.suggestion_list(user, filters).filter(answered_at__isnull=True)


def overdue_terms(user, organization, today: dt.date):
    """R-OR-08: organizations of the subtree whose latest term has ended (no later term
    follows it), the longest overdue first."""
    later = Term.objects.filter(
        organization_id=OuterRef("organization_id"), start_date__gt=OuterRef("start_date")
    )
    path = organization.path
    return (
        Term.objects.restrict(user, "view")
        .filter(org_path__gte=path, org_path__lt=path + PATH_END, end_date__lt=today)
        .filter(~Exists(later))
        .select_related("organization")
        .order_by("end_date", "org_path", "id")
    )


def missing_reports(organization, today: dt.date) -> tuple[int, dt.date | None]:
    """R-EX-09 at the organization this year: members with a report overdue (the rows of
    members:report-status that show 逾期), and the end of the nearest period still due."""
    rows = meeting_selectors.report_status_rows(organization, today.year, today)
    missing = sum(1 for row in rows if any(s.status == OVERDUE for s in row.statuses))
    due = [s.period.end for row in rows for s in row.statuses if s.owed and s.status != OVERDUE]
    return missing, min(due, default=None)


def child_compliance(user, organization, quarter) -> list[dict]:
    """七个一 this quarter per child organization (members:rollup's 按下级组织 table): the
    share of required member-periods met, lowest first."""
    rows = []
    for child in compliance_selectors.children_rollup(user, organization, quarter):
        required = sum(r.required for r in child.rules)
        met = sum(r.met for r in child.rules)
        if required <= 0:
            continue
        org = child.organization
        rows.append(
            {
                "name": (_("本级") if child.own else (org.short_name or org.name)),
                "pk": org.pk,
                "share": round(met * 100 / required, 1),
                "met": met,
                "required": required,
                "below": met * 100 / required < COMPLIANCE_THRESHOLD,
            }
        )
    rows.sort(key=lambda row: (row["share"], row["name"]))
    return rows


def home_items(user, organization, today: dt.date) -> list:
    """妇女之家 of the subtree: boards not updated in a half-year (R-HM-04, homes:stale)
    and loans past their due date (R-HM-05, homes:overdue)."""
    stale = home_selectors.stale_homes(user, organization, today)
    loans = home_selectors.overdue_loans(user, organization, today).order_by()
    return [
        _item(
            "home_boards_stale",
            _("展板超过半年未更新的妇女之家"),
            {"count": stale.count()},
            _url("homes:stale", org=organization.pk),
            overdue=True,
        ),
        _item(
            "home_loans_overdue",
            _("妇女之家逾期未还的借阅"),
            loans.aggregate(count=Count("id"), deadline=Min("due_date")),
            _url("homes:overdue", org=organization.pk),
            overdue=True,
        ),
    ]


def member_items(user, organization, today: dt.date) -> list:
    """The executive members' items (R-EX-*): activities to confirm, suggestions to answer,
    executive meetings due this half-year (R-EX-10), 述职 missing (R-EX-09). Only for the
    women's federations: a trade union has no 执委 of the women's federation's rules."""
    items = []
    cadre = not activity_selectors.cadre_scope(user).empty
    manages = meeting_selectors.manages(user, organization)
    if cadre:
        confirm = activities_to_confirm(user, organization)
        items.append(
            _item(
                "activities_to_confirm",
                _("待确认的履职活动"),
                {"count": confirm.count()},
                _url("members:activities", status=ActivityStatus.RECORDED, org=organization.pk),
            )
        )
        items.append(
            _item(
                "suggestions",
                _("待答复的执委建议"),
                {"count": suggestions_to_answer(user, organization).count()},
                _url("members:suggestions", answered=0, org=organization.pk),
            )
        )
    half = period_of("half", today)
    missing_meetings = meeting_selectors.missing_meetings_queryset(user, organization, half)
    items.append(
        _item(
            "meetings_due",
            _("本半年尚未召开执委会议的组织"),
            {"count": missing_meetings.count(), "deadline": half.end},
            _url("members:meetings-missing", organization.pk, half=f"{half.year}H{half.index}"),
        )
    )
    if manages:
        missing, due = missing_reports(organization, today)
        items.append(
            _item(
                "reports_missing",
                _("述职逾期的执委"),
                {"count": missing, "deadline": due},
                _url("members:report-status", organization.pk, year=today.year),
                overdue=True,
            )
        )
    return items


# The workbenches ---------------------------------------------------------------------


def _item(key, label, found: dict, url: str, overdue=False) -> Item:
    return Item(key, label, found["count"], url, found.get("deadline"), overdue)


def cadre_workbench(user, organization, today: dt.date) -> Workbench:
    """District, township and village cadres (and platform admins) at ``organization``."""
    bench = Workbench(CADRE, organization)
    items = bench.items
    items.append(
        _item("inbox", _("待我办理的办件环节"), count_inbox(user), _url("processes:inbox"))
    )
    if organization is None:
        return bench
    items.append(
        _item(
            "cases_overdue",
            _("本辖区逾期办件"),
            count_cases(user, overdue=True, organization=organization, today=today),
            _url("processes:overdue"),
            overdue=True,
        )
    )
    items.append(
        _item(
            "messages_new",
            _("未答复的监督留言"),
            count_messages(user, today=today, status=MessageStatus.NEW),
            _url("catalog:message-inbox", status=MessageStatus.NEW),
        )
    )
    items.append(
        _item(
            "messages_overdue",
            _("逾期未答复的监督留言"),
            count_messages(user, today=today, overdue=True),
            _url("catalog:message-inbox", overdue=1),
            overdue=True,
        )
    )
    women = organization.system == System.WOMEN
    if women:  # 执委 (七个一, 述职, 执委会议) are the women's federations' (R-EX-*)
        items += member_items(user, organization, today)
    items.append(
        _item(
            "terms_overdue",
            _("届满未换届的组织"),
            {"count": overdue_terms(user, organization, today).count()},
            _url("dashboards:terms-overdue", org=organization.pk),
            overdue=True,
        )
    )
    if women:  # 妇女之家 belong to the women's federations
        items += home_items(user, organization, today)
    items.append(
        _item(
            "reminders",
            _("未读提醒"),
            {"count": 0},  # counted on every request (``workbench``)
            _url("members:reminders"),
        )
    )
    if women and compliance_selectors.may_read_compliance(user, organization):
        quarter = compliance_selectors.current_quarter(today)
        bench.quarter = quarter
        bench.compliance = child_compliance(user, organization, quarter)
        required = sum(row["required"] for row in bench.compliance)
        met = sum(row["met"] for row in bench.compliance)
        bench.compliance_share = round(met * 100 / required, 1) if required else None
        bench.compliance_url = _url("members:rollup", org=organization.pk)
    return bench


def department_workbench(user, today: dt.date) -> Workbench:
    """Department staff: her department's open and overdue cases, and steps waiting for
    her."""
    bench = Workbench(DEPARTMENT)
    bench.items.append(
        _item("inbox", _("待我办理的办件环节"), count_inbox(user), _url("processes:inbox"))
    )
    seen = set()
    for assignment in user_assignments(user):
        department = assignment.department
        if department is None or department.pk in seen:
            continue
        seen.add(department.pk)
        bench.departments.append(department)
        bench.items.append(
            _item(
                f"department_open_{department.pk}",
                _("%(department)s在办的办件") % {"department": department.name},
                count_cases(user, status=CaseStatus.OPEN, department=department.pk, today=today),
                _url("processes:cases", status=CaseStatus.OPEN, department=department.pk),
            )
        )
        bench.items.append(
            _item(
                f"department_overdue_{department.pk}",
                _("%(department)s逾期的办件") % {"department": department.name},
                count_cases(user, overdue=True, department=department.pk, today=today),
                _url("processes:cases", overdue="on", department=department.pk),
                overdue=True,
            )
        )
    bench.items.append(
        _item(
            "reminders",
            _("未读提醒"),
            {"count": 0},  # counted on every request (``workbench``)
            _url("members:reminders"),
        )
    )
    return bench


def approver_workbench(user, today: dt.date) -> Workbench:
    """Party-organization approvers: the steps waiting for their approval."""
    bench = Workbench(APPROVER)
    bench.items.append(
        _item("inbox", _("待我审批的办件环节"), count_inbox(user), _url("processes:inbox"))
    )
    bench.items.append(
        _item(
            "reminders",
            _("未读提醒"),
            {"count": 0},  # counted on every request (``workbench``)
            _url("members:reminders"),
        )
    )
    return bench


def _build(user, kind: str, organization, today: dt.date) -> Workbench:
    if kind == CADRE:
        return cadre_workbench(user, organization, today)
    if kind == DEPARTMENT:
        return department_workbench(user, today)
    if kind == APPROVER:
        return approver_workbench(user, today)
    return Workbench(kind)


def cache_key(user, kind: str, organization, today: dt.date | None) -> str:
    """The workbench's key in the shared cache: the user, what her roles are (a changed
    assignment is a new key, never an old scope's counts), the organization, the day and
    the language of the labels."""
    roles = sorted(
        (a.pk, a.role_id, a.organization_id, a.department_id, a.include_descendants)
        for a in user_assignments(user)
    )
    digest = hashlib.sha256(repr((user.is_superuser, roles)).encode()).hexdigest()[:16]
    org = organization.pk if organization is not None else 0
    day = today.isoformat() if today is not None else ""
    return f"lvzhi:workbench:{user.pk}:{kind}:{org}:{day}:{get_language()}:{digest}"


def workbench(user, organization, today: dt.date) -> Workbench:
    """The user's workbench: its counts from the shared cache when counted in the last
    ``CACHE_SECONDS`` (else counted now and kept), the unread reminders counted now."""
    kind = workbench_kind(user)
    if kind == CADRE:
        if organization is not None and not scope_for(user, "view").covers(organization.path):
            organization = None
    if kind == NOTHING:
        return Workbench(kind)
    key = cache_key(user, kind, organization, today)
    bench = cache.get(key)
    if bench is None:
        bench = _build(user, kind, organization, today)
        bench.counted = f"{key}:{uuid.uuid4().hex}"
        cache.set(key, bench, CACHE_SECONDS)
    unread = compliance_selectors.unread_reminder_count(user)
    for item in bench.items:
        if item.key == "reminders":
            item.count = unread
    return bench


def body_key(bench: Workbench) -> str | None:
    """The key of the workbench's rendered items and 七个一 section in the shared cache:
    the counts it was drawn from (``counted``: the user, her roles, the organization, the
    day, the language and the moment they were counted) and the live unread reminders.
    None when there is nothing counted to key it by."""
    if not bench.counted:
        return None
    raw = f"{bench.counted}:{unread_reminders(bench)}"
    return f"lvzhi:workbench-body:{hashlib.sha256(raw.encode()).hexdigest()}"


def workbench_body(bench: Workbench, build):
    """The rendered body from the shared cache while its counts are, else ``build()``."""
    key = body_key(bench)
    if key is None:
        return build()
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, CACHE_SECONDS)
    return body


def unread_reminders(bench: Workbench) -> int | None:
    """The unread reminders counted for the workbench (the navbar shows the same number)."""
    return next((item.count for item in bench.items if item.key == "reminders"), None)
