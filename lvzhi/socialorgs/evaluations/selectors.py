"""Reads of third-party evaluations.

- The federation's cadres read plans and evaluations from ``restrict(user, action)``.
- The evaluator has no scope in the federation tree: she reads only the evaluations of
  the plans naming her (``own_evaluations``); anything else is a 404.
- The public reads the submitted evaluations' results (no comments, no ratings' text) and
  an evaluation's rating form by its random key.
- ``eligibility_refusals`` is the ``socialorg_project_eligibility`` hook's receiver: a
  project evaluated below its threshold refuses its organization the next year's batches."""

from django.db.models import Avg, Count
from django.shortcuts import get_object_or_404

from lvzhi.orgs.models import Organization
from lvzhi.socialorgs.projects.models import FUNDED_STATUSES, ProjectApplication

from . import rules
from .models import Evaluation, EvaluationPlan, EvaluationStatus, Rating

EVALUATION_RELATED = ("plan", "application__batch", "application__organization")


def plans(user, action: str = "view"):
    return (
        EvaluationPlan.objects.restrict(user, action)
        .select_related("federation", "evaluator")
        .annotate(count=Count("evaluations"))
    )


def get_plan(user, pk, action: str = "view") -> EvaluationPlan:
    return get_object_or_404(plans(user, action), pk=pk)


def evaluations(user, action: str = "view"):
    return Evaluation.objects.restrict(user, action).select_related(*EVALUATION_RELATED)


def own_evaluations(user):
    """The evaluations of the plans naming ``user`` (the evaluator), nothing otherwise."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Evaluation.objects.none()
    return Evaluation.objects.filter(plan__evaluator=user).select_related(*EVALUATION_RELATED)


def get_own_evaluation(user, pk) -> Evaluation:
    return get_object_or_404(own_evaluations(user), pk=pk)


def readable(user):
    """Her own as evaluator, or the federation's as cadre."""
    return own_evaluations(user) | evaluations(user)


def get_readable(user, pk) -> Evaluation:
    return get_object_or_404(readable(user), pk=pk)


def is_evaluator_of(user, evaluation: Evaluation) -> bool:
    return getattr(user, "is_authenticated", False) and evaluation.plan.evaluator_id == user.pk


def funded_applications(federation: Organization, year: int):
    """Funded projects of the federation's own batches of ``year`` (立项 and after)."""
    return ProjectApplication.objects.filter(
        batch__federation=federation, batch__year=year, status__in=FUNDED_STATUSES
    )


def rating_scores(evaluation: Evaluation) -> list[int]:
    return list(evaluation.ratings.values_list("score", flat=True))


def rating_summary(evaluation: Evaluation) -> dict:
    figures = evaluation.ratings.aggregate(count=Count("id"), mean=Avg("score"))
    scores = rating_scores(evaluation)
    return {**figures, "score": rules.satisfaction_from_ratings(scores)}


def get_rateable(key: str) -> Evaluation:
    """The public rating form's evaluation: by its random key, until it is submitted."""
    return get_object_or_404(
        Evaluation.objects.select_related(*EVALUATION_RELATED),
        public_key=key,
        status=EvaluationStatus.ASSIGNED,
    )


def public_results():
    """Submitted evaluations, for the public results page."""
    return (
        Evaluation.objects.filter(status=EvaluationStatus.SUBMITTED)
        .select_related(*EVALUATION_RELATED, "plan__federation")
        .order_by("-plan__year", "org_path", "id")
    )


def eligibility_refusals(*, organization, batch, today=None, **_kwargs) -> list[str]:
    """Hook ``socialorg_project_eligibility``: the reasons the organization's evaluations
    of the year before ``batch.year`` give against applying (below their threshold)."""
    rows = Evaluation.objects.filter(
        application__organization=organization,
        status=EvaluationStatus.SUBMITTED,
        plan__year=batch.year - 1,
    ).select_related("plan", "application")
    reasons = []
    for row in rows:
        reason = rules.next_year_refusal(
            evaluated_year=row.plan.year,
            batch_year=batch.year,
            score=row.weighted_score,
            threshold=row.plan.threshold,
            project=row.application.title,
        )
        if reason:
            reasons.append(reason)
    return reasons


def ratings_of(evaluation: Evaluation):
    return Rating.objects.filter(evaluation=evaluation)
