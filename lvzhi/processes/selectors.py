"""Reads of processes. Every read starts from ``restrict(user, action)``; department staff
are narrowed to their department's cases, and a step routed to a user (her department,
her role at the acting organization, her party organization) makes its case visible to
her even outside her organization scope."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Exists, F, Lookup, OuterRef, Q
from django.shortcuts import get_object_or_404

from lvzhi.core.models import Role, RoleAssignment
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import PATH_END, scope_for, user_assignments
from lvzhi.orgs.models import Department

from .models import (
    ActorKind,
    Case,
    CaseStatus,
    CaseStep,
    ProcessTemplate,
    ProcessTemplateVersion,
    StepStatus,
    VersionStatus,
)


def _party_paths(user) -> list[str]:
    cached = user.__dict__.get("_lvzhi_party_paths")
    if cached is None:
        from lvzhi.orgs.models import Organization

        cached = list(
            Organization.objects.filter(party_organization__approvers=user).values_list(
                "path", flat=True
            )
        )
        user.__dict__["_lvzhi_party_paths"] = cached
    return cached


def routed_q(user, prefix: str = "", beyond_scope: bool = False) -> Q:
    """Steps routed to ``user``: her department's steps; steps for a role she holds at the
    acting organization (or above it, when held with the subtree); party steps of the
    organizations whose party organization lists her as approver. A cadre of an
    organization also acts for its departments.

    ``beyond_scope``: only the routes that can reach cases outside her view scope. A
    step's acting organization is always the case's organization or one above it (the
    services resolve it so), so a route through an assignment that covers a subtree and
    allows viewing only reaches cases inside that subtree, which ``restrict`` gives
    already; leaving it out keeps a cadre's case lists a plain path-range scan."""
    condition = Q(pk__in=[])
    if user is None or not user.is_authenticated:
        return condition
    if user.is_superuser:
        return Q()
    for assignment in user_assignments(user):
        role = assignment.role
        if role.is_global:
            return Q()
        if (
            beyond_scope
            and assignment.include_descendants
            and not assignment.department_id
            and role.allows("view")
        ):
            continue
        path = assignment.organization.path
        if assignment.include_descendants:
            where = Q(
                **{f"{prefix}actor_path__gte": path, f"{prefix}actor_path__lt": path + PATH_END}
            )
        else:
            where = Q(**{f"{prefix}actor_path": path})
        if assignment.department_id:
            condition |= Q(
                **{
                    f"{prefix}actor_kind": ActorKind.DEPARTMENT,
                    f"{prefix}department_id": assignment.department_id,
                }
            )
        else:
            condition |= (
                where
                & ~Q(**{f"{prefix}actor_kind": ActorKind.DEPARTMENT})
                & Q(**{f"{prefix}role_code": role.code})
            )
            if role.code == Role.CADRE:
                condition |= where & Q(**{f"{prefix}actor_kind": ActorKind.DEPARTMENT})
    paths = _party_paths(user)
    if paths:
        condition |= Q(**{f"{prefix}actor_kind": ActorKind.PARTY, f"{prefix}actor_path__in": paths})
    return condition


def acts_on(user, step: CaseStep) -> bool:
    return CaseStep.objects.filter(routed_q(user), pk=step.pk).exists()


def _department_narrowing(user, of_department=None) -> Q | None:
    """Department staff (an assignment with a department) see their department's cases
    (or, with ``of_department(department_id) -> Q``, its other objects); other assignments
    their organization scope. None: no narrowing. The one rule of department scope: case
    lists, the department page and the API read through it."""
    if scope_for(user, "view").everything:
        return None
    if of_department is None:

        def of_department(department_id):
            return Q(department_id=department_id) | Exists(
                CaseStep.objects.filter(case_id=OuterRef("pk"), department_id=department_id)
            )

    condition = Q(pk__in=[])
    for assignment in user_assignments(user):
        if not assignment.role.allows("view"):
            continue
        if assignment.department_id:
            condition |= of_department(assignment.department_id)
        else:
            path = assignment.organization.path
            if assignment.include_descendants:
                condition |= Q(org_path__gte=path, org_path__lt=path + PATH_END)
            else:
                condition |= Q(org_path=path)
    return condition


def visible_departments(user):
    """Departments whose page ``user`` may open: ``restrict(user, "view")``, narrowed for
    department staff to their own department (cadres see every department in scope)."""
    scoped = Department.objects.restrict(user, "view")
    narrowing = _department_narrowing(user, lambda department_id: Q(pk=department_id))
    return scoped if narrowing is None else scoped.filter(narrowing)


def assignable_users(organization):
    """Who may be made responsible for a case of ``organization``: active users holding a
    role at it or below it. The case pages' choices and the API's check both read this."""
    path = organization.path
    holders = RoleAssignment.objects.filter(
        organization__path__gte=path, organization__path__lt=path + PATH_END
    ).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=holders).order_by("username")


def visible_cases(user):
    """Cases ``user`` may read: restrict(user, "view") narrowed for department staff, plus
    the cases with a step routed to her that has been reached (a reviewer at the parent
    does not see a case before it comes to her review)."""
    if user is None or not user.is_authenticated:
        return Case.objects.none()
    narrowing = _department_narrowing(user)
    scoped = Case.objects.restrict(user, "view")
    if narrowing is None:
        return scoped
    restricted_q = (
        scope_for(user, "view").q("org_path") if not scope_for(user, "view").empty else Q(pk__in=[])
    )
    beyond = routed_q(user, beyond_scope=True)
    if beyond == Q(pk__in=[]):
        return Case.objects.filter(restricted_q & narrowing)
    reached = beyond & Q(activated_on__isnull=False)
    return Case.objects.filter((restricted_q & narrowing) | _case_in(reached))


class _AnyArray(Lookup):
    """``lhs = ANY(rhs)`` (PostgreSQL): an index condition, unlike ``IN (subquery)``."""

    lookup_name = "any_array"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def _case_in(steps: Q) -> Q:
    """Cases with a step matching ``steps``, as a condition that stays fast inside an OR.

    SQLite builds the uncorrelated ``IN (subquery)`` once. On PostgreSQL the ids are an
    ``ARRAY(subquery)`` computed once, so the OR becomes a BitmapOr of two index scans
    (organization path, primary key); an ``IN``/``EXISTS`` there is a filter over every
    row, and its cost estimate on a big table even turns JIT compilation on (≈ 1 s)."""
    ids = CaseStep.objects.filter(steps).order_by().values("case_id")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.expressions import ArraySubquery

        return Q(_AnyArray(F("pk"), ArraySubquery(ids)))
    return Q(pk__in=ids)


def get_case(user, pk) -> Case:
    return get_object_or_404(
        visible_cases(user).select_related(
            "organization", "template", "version", "department", "assignee", "current_step"
        ),
        pk=pk,
    )


def case_list(
    user,
    *,
    status: str = "",
    overdue: bool = False,
    department=None,
    organization=None,
    template=None,
    year=None,
    query: str = "",
    today=None,
):
    today = today or today_local()
    queryset = visible_cases(user).select_related("organization", "department", "assignee")
    if status in CaseStatus.values:
        queryset = queryset.filter(status=status)
    if overdue:
        queryset = queryset.filter(status=CaseStatus.OPEN, current_due_on__lt=today)
    if department:
        queryset = queryset.filter(department_id=department)
    if organization is not None:
        path = organization.path
        queryset = queryset.filter(org_path__gte=path, org_path__lt=path + PATH_END)
    if template:
        queryset = queryset.filter(template_id=template)
    if year:
        queryset = queryset.filter(year=year)
    if query:
        queryset = queryset.filter(Q(title__icontains=query) | Q(item_number=query))
    return queryset.order_by("current_due_on", "-id") if overdue else queryset.order_by("-id")


def inbox(user, today=None):
    """Active steps of open cases routed to ``user``, the most urgent first."""
    return (
        CaseStep.objects.filter(
            routed_q(user), status=StepStatus.ACTIVE, case__status=CaseStatus.OPEN
        )
        .select_related("case__organization", "actor_organization", "department")
        .order_by("due_on", "id")
    )


def timeline(case: Case):
    return case.events.select_related("step").order_by("created_at", "id")


def case_steps(case: Case):
    return list(case.steps.select_related("department", "actor_organization").order_by("order"))


def attachments_by_step(case: Case) -> dict[int | None, list]:
    grouped: dict[int | None, list] = {}
    for attachment in case.attachments.select_related("uploaded_by").order_by("id"):
        grouped.setdefault(attachment.step_id, []).append(attachment)
    return grouped


def department_summary(user, department, year: int, today=None) -> list[dict]:
    """Per duty item (template) of a department: open, overdue and finished cases."""
    today = today or today_local()
    cases = visible_cases(user).filter(department=department, year=year)
    rows = (
        cases.values("template_id", "template__item_number", "template__name")
        .annotate(
            open=Count("id", filter=Q(status=CaseStatus.OPEN)),
            overdue=Count("id", filter=Q(status=CaseStatus.OPEN, current_due_on__lt=today)),
            finished=Count("id", filter=Q(status=CaseStatus.FINISHED)),
            cancelled=Count("id", filter=Q(status=CaseStatus.CANCELLED)),
        )
        .order_by("template__item_number", "template_id")
    )
    return list(rows)


def item_year_status(organization, item_numbers: list[str], year: int) -> dict[str, dict]:
    """For a catalog page: per item number, this year's cases at the catalog's own
    organization (count, open, finished, the latest case's stage and result)."""
    status: dict[str, dict] = {}
    cases = (
        Case.objects.filter(organization=organization, year=year, item_number__in=item_numbers)
        .exclude(status=CaseStatus.CANCELLED)
        .order_by("item_number", "-id")
        .values("id", "item_number", "title", "status", "stage", "result", "current_due_on")
    )
    for case in cases:
        entry = status.setdefault(case["item_number"], {"count": 0, "finished": 0, "latest": case})
        entry["count"] += 1
        entry["finished"] += case["status"] == CaseStatus.FINISHED
    return status


def public_item_progress(item, year: int) -> dict:
    """Public figures of an item: cases finished this year in the catalog organization's
    subtree, and the stage of its public cases still open (title and stage only)."""
    organization = item.version.catalog.organization
    path = organization.path
    cases = Case.objects.filter(
        org_path__gte=path, org_path__lt=path + PATH_END, item_number=item.number, year=year
    )
    cases = cases.filter(template__organization=organization)
    finished = cases.filter(status=CaseStatus.FINISHED).count()
    public = list(
        cases.filter(status=CaseStatus.OPEN, is_public=True)
        .order_by("-id")
        .values("title", "stage", "current_step__kind", "current_due_on")[:20]
    )
    return {"finished": finished, "public": public, "year": year}


def templates_of(user, organization=None):
    queryset = ProcessTemplate.objects.restrict(user, "view").select_related(
        "organization", "department"
    )
    if organization is not None:
        queryset = queryset.filter(organization=organization)
    return queryset


def startable_templates(user, organization):
    """Published templates of ``organization`` and its ancestors."""
    from lvzhi.orgs.models import Organization

    paths = [organization.path[:i] for i in range(4, len(organization.path) + 1, 4)]
    owners = Organization.objects.filter(path__in=paths)
    return (
        ProcessTemplate.objects.filter(
            organization__in=owners, is_active=True, versions__status=VersionStatus.PUBLISHED
        )
        .select_related("organization", "department")
        .distinct()
        .order_by("org_path", "item_number", "id")
    )


def get_template(user, pk, action: str = "view") -> ProcessTemplate:
    return get_object_or_404(
        ProcessTemplate.objects.restrict(user, action).select_related(
            "organization", "department", "duty_item"
        ),
        pk=pk,
    )


def get_template_version(user, pk, action: str = "view") -> ProcessTemplateVersion:
    return get_object_or_404(
        ProcessTemplateVersion.objects.restrict(user, action).select_related(
            "template__organization", "template__department"
        ),
        pk=pk,
    )


def version_steps(version: ProcessTemplateVersion):
    return list(version.steps.select_related("department").order_by("order"))


def overdue_count(user, today: dt.date | None = None) -> int:
    today = today or today_local()
    return visible_cases(user).filter(status=CaseStatus.OPEN, current_due_on__lt=today).count()
