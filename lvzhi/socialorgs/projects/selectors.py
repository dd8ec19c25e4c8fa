"""Reads of social projects.

- A federation's cadres read batches, applications and documents from
  ``restrict(user, action)`` (their subtree; out of scope: 404).
- The organization user has no scope in the federation tree: she reads only her own
  organization's applications and documents, through ``account_of(user)``; anything else
  is a 404.
- The public reads list published batches and, of their applications, only the funded
  projects' organization, title and amount."""

from django.db.models import Prefetch, Q, Sum
from django.shortcuts import get_object_or_404

from lvzhi.core import hooks
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import PATH_END, scope_for
from lvzhi.processes.selectors import acts_on

from . import rules
from .models import (
    FUNDED_STATUSES,
    ApplicationStatus,
    OrganizationAccount,
    ProjectApplication,
    ProjectBatch,
    ProjectDocument,
)

ELIGIBILITY_HOOK = "socialorg_project_eligibility"


def subtree_q(path: str, field_name: str = "org_path") -> Q:
    return Q(**{f"{field_name}__gte": path, f"{field_name}__lt": path + PATH_END})


# 组织用户 -----------------------------------------------------------------------------


def account_of(user) -> OrganizationAccount | None:
    """The organization account ``user`` signs in with, or None (cached on the user)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cache = user.__dict__
    if "_lvzhi_social_account" not in cache:
        cache["_lvzhi_social_account"] = (
            OrganizationAccount.objects.select_related("organization__federation")
            .filter(user=user)
            .first()
        )
    return cache["_lvzhi_social_account"]


def own_applications(user):
    """Her own organization's applications, nothing for anyone else."""
    account = account_of(user)
    if account is None:
        return ProjectApplication.objects.none()
    return ProjectApplication.objects.filter(
        organization_id=account.organization_id
    ).select_related("batch__federation", "organization")


def get_own_application(user, pk) -> ProjectApplication:
    return get_object_or_404(own_applications(user), pk=pk)


def open_batches_for(user, today=None):
    """Published batches her organization may see as open: in the subtree that holds its
    filing federation (the batch's federation is its own or above), deadline not passed."""
    account = account_of(user)
    if account is None:
        return ProjectBatch.objects.none()
    today = today or today_local()
    path = account.organization.org_path
    ancestors = [path[:i] for i in range(4, len(path) + 1, 4)]
    return (
        ProjectBatch.objects.filter(published=True, deadline__gte=today, org_path__in=ancestors)
        .select_related("federation")
        .order_by("deadline", "id")
    )


def get_open_batch_for(user, pk) -> ProjectBatch:
    return get_object_or_404(open_batches_for(user), pk=pk)


def _refusals(organization, batch, today) -> list[str]:
    refusals = []
    for answer in hooks.collect(
        ELIGIBILITY_HOOK, organization=organization, batch=batch, today=today
    ):
        refusals.extend(answer or ())
    return refusals


def _decide(organization, batch, today, refusals) -> rules.Eligibility:
    return rules.eligibility(
        organization_status=organization.status,
        organization_path=organization.org_path,
        batch_path=batch.org_path,
        published=batch.published,
        deadline=batch.deadline,
        today=today,
        refusals=refusals,
    )


def eligibility(organization, batch, today=None) -> rules.Eligibility:
    """R-SO-03 eligibility of ``organization`` for ``batch``; other modules add refusals
    through the ``socialorg_project_eligibility`` hook: each receiver is called with
    ``organization``, ``batch`` and ``today`` and answers a list of reasons (Chinese, empty
    when it has nothing against). A receiver answers from the organization and the batch's
    year (its evaluation of the year before), so a list asks once per year."""
    today = today or today_local()
    return _decide(organization, batch, today, _refusals(organization, batch, today))


def eligibilities(organization, batches, today=None) -> list[rules.Eligibility]:
    """``eligibility`` for each of ``batches``, asking the hook once per batch year."""
    today = today or today_local()
    by_year: dict[int, list[str]] = {}
    results = []
    for batch in batches:
        if batch.year not in by_year:
            by_year[batch.year] = _refusals(organization, batch, today)
        results.append(_decide(organization, batch, today, by_year[batch.year]))
    return results


# 妇联 --------------------------------------------------------------------------------


def batches(user, action: str = "view"):
    return ProjectBatch.objects.restrict(user, action).select_related("federation")


def get_batch(user, pk, action: str = "view") -> ProjectBatch:
    return get_object_or_404(batches(user, action), pk=pk)


def applications(user, action: str = "view"):
    return ProjectApplication.objects.restrict(user, action).select_related(
        "batch__federation", "organization", "case"
    )


def get_application(user, pk, action: str = "view") -> ProjectApplication:
    return get_object_or_404(applications(user, action), pk=pk)


def may_manage(user, batch: ProjectBatch) -> bool:
    return scope_for(user, "change").covers(batch.org_path)


def funded_total(batch: ProjectBatch):
    return (
        batch.applications.filter(status__in=FUNDED_STATUSES).aggregate(total=Sum("funded_amount"))[
            "total"
        ]
        or 0
    )


def accounts(user, action: str = "view"):
    return OrganizationAccount.objects.restrict(user, action).select_related("user", "organization")


# 材料 --------------------------------------------------------------------------------


def get_document(user, pk) -> ProjectDocument:
    """A document the viewer may download: a cadre's scope covers it, or it belongs to
    her own organization's application; else 404."""
    rows = ProjectDocument.objects.select_related("application")
    scope = scope_for(user, "view")
    condition = scope.q("org_path") if not scope.empty else Q(pk__in=[])
    account = account_of(user)
    if account is not None:
        condition |= Q(application__organization_id=account.organization_id)
    return get_object_or_404(rows.filter(condition), pk=pk)


def documents(application: ProjectApplication) -> list[ProjectDocument]:
    return list(application.documents.all().order_by("id"))


# 公开 --------------------------------------------------------------------------------


def public_batches():
    return ProjectBatch.objects.filter(published=True).select_related("federation")


def get_public_batch(pk) -> ProjectBatch:
    return get_object_or_404(public_batches(), pk=pk)


def public_funded(batch: ProjectBatch):
    """The funded projects of a published batch: organization, title, amount, status."""
    return (
        batch.applications.filter(status__in=FUNDED_STATUSES)
        .select_related("organization")
        .order_by("organization__name", "id")
    )


def is_open(batch: ProjectBatch, today=None) -> bool:
    return batch.published and (today or today_local()) <= batch.deadline


def may_act(user, application: ProjectApplication) -> bool:
    """The federation cadre the application's current step is routed to (or, before the
    case opens, one who may change the batch's federation)."""
    if application.status == ApplicationStatus.SUBMITTED:
        return scope_for(user, "change").covers(application.org_path)
    case = application.case
    step = case.current_step if case is not None else None
    return step is not None and acts_on(user, step)


def public_batches_with_funded():
    """Published batches with their funded projects loaded (``funded_projects``)."""
    return public_batches().prefetch_related(
        Prefetch(
            "applications",
            queryset=ProjectApplication.objects.filter(status__in=FUNDED_STATUSES)
            .select_related("organization")
            .order_by("organization__name", "id"),
            to_attr="funded_projects",
        )
    )
