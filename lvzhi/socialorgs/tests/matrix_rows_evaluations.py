"""Authorization matrix rows of the third-party evaluation (lvzhi.socialorgs.evaluations):
pages, the report, the public rating form and results, /api/v1/socialorgs/evaluations/.

Each target federation gets, the first time a row asks, a funded project of an
organization filed there, an evaluator account (role 第三方评估人员 at the target, no
scope) and a plan with the project's evaluation, written with the ORM (no audit);
``submitted_of`` also scores it and stores its report. The matrix's roles are none of
them the evaluator: plans and evaluations read like the federation (``VIEWERS``), the
evaluator's own endpoints answer 404 (or an empty list) to all of them; her own access is
tested in lvzhi/socialorgs/evaluations/tests."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from lvzhi.core.tests.matrix import (
    CADRE_CREATES,
    CADRE_WRITES,
    CADRES,
    NOT_FOUND,
    OK,
    SIGNED_IN,
    VIEWERS,
    api_read,
    api_write,
    everyone,
    page,
    page_submit,
    readers,
    signed_in,
)

from .matrix_rows_socialorgs import organization_of

API = "/api/v1/socialorgs/evaluations"
NOBODY = signed_in(NOT_FOUND)


def evaluator_of(o):
    if getattr(o, "_evaluator", None) is None:
        from django.contrib.auth import get_user_model

        from lvzhi.core.models import Role, RoleAssignment
        from lvzhi.socialorgs.evaluations.roles import EVALUATOR, ensure_roles

        ensure_roles(Role)
        o._evaluator = get_user_model().objects.create_user(username=f"eval_{o.code}")
        RoleAssignment.objects.create(
            user=o._evaluator,
            role=Role.objects.get(code=EVALUATOR),
            organization=o,
            include_descendants=False,
        )
    return o._evaluator


def evaluation_of(o):
    if getattr(o, "_evaluation", None) is None:
        import secrets

        from django.utils import timezone

        from lvzhi.socialorgs.evaluations.models import Evaluation, EvaluationPlan
        from lvzhi.socialorgs.projects.models import ProjectApplication, ProjectBatch

        batch = ProjectBatch.objects.create(
            federation=o,
            org_path=o.path,
            title="矩阵项目批次",
            content="关爱服务",
            budget=Decimal("100000"),
            deadline=dt.date(2026, 12, 31),
            year=2026,
            published=True,
            published_on=dt.date(2026, 3, 1),
        )
        application = ProjectApplication.objects.create(
            batch=batch,
            organization=organization_of(o),
            org_path=o.path,
            title="矩阵立项项目",
            budget=Decimal("50000"),
            funded_amount=Decimal("40000"),
            status="contract",
            submitted_at=timezone.now(),
        )
        plan = EvaluationPlan.objects.create(
            federation=o, org_path=o.path, year=2026, evaluator=evaluator_of(o), agency="评估中心"
        )
        o._evaluation = Evaluation.objects.create(
            plan=plan, application=application, org_path=o.path, public_key=secrets.token_hex(8)
        )
    return o._evaluation


def plan_of(o):
    return evaluation_of(o).plan


def submitted_of(o):
    row = evaluation_of(o)
    if row.status != "submitted":
        from django.core.files.base import ContentFile
        from django.utils import timezone

        from lvzhi.socialorgs.evaluations import report_docx

        row.status = "submitted"
        row.satisfaction_score = row.capacity_score = row.results_score = Decimal("80")
        row.weighted_score = Decimal("80")
        row.passed = True
        row.verdict = {"rule_id": "R-SO-03", "detail": "综合得分 80"}
        row.submitted_at = timezone.now()
        row.report.save(f"{row.pk}.docx", ContentFile(report_docx.build_report_docx(row, 0)))
    return row


def weights(o) -> dict:
    return {
        "agency": "矩阵评估中心",
        "weight_satisfaction": "50",
        "weight_capacity": "25",
        "weight_results": "25",
        "threshold": "65",
    }


def _url(name, of=evaluation_of):
    return lambda o: reverse(f"socialorgs_evaluations:{name}", args=[of(o).pk])


def _page(name, *args, **kwargs):
    return page(f"evaluations {name}", *args, **kwargs)


def _api_read(name, *args, **kwargs):
    return api_read(f"evaluations api {name}", *args, **kwargs)


EVALUATION_ROWS = [
    _page("plans", lambda o: reverse("socialorgs_evaluations:plans"), SIGNED_IN),
    _page("plan", _url("plan", plan_of), VIEWERS),
    page_submit("evaluations plan weights", _url("plan", plan_of), CADRE_WRITES, data=weights),
    page_submit(
        "evaluations plan weights wrong sum",
        _url("plan", plan_of),
        CADRES | {"cadre": {"own": 400, "sibling": 404, "ancestor": 404, "descendant": 400}},
        data=lambda o: {**weights(o), "weight_results": "30"},
        writes=False,
    ),
    _page("mine", lambda o: reverse("socialorgs_evaluations:mine"), SIGNED_IN),
    _page("detail", _url("detail"), VIEWERS),
    _page("qr", _url("qr"), VIEWERS),
    page_submit(
        "evaluations score (only the plan's evaluator)",
        _url("score"),
        NOBODY,
        data=lambda o: {"capacity": "80", "results": "80", "satisfaction": "80"},
    ),
    _page("report", _url("report", submitted_of), readers(anonymous=NOT_FOUND)),
    _page(
        "rating form",
        lambda o: reverse("socialorgs_evaluations:rate", args=[evaluation_of(o).public_key]),
        everyone(OK),
    ),
    _page("public results", lambda o: reverse("socialorgs_evaluations:public"), everyone(OK)),
    _api_read("mine", lambda o: f"{API}/mine/", SIGNED_IN),
    _api_read("mine detail", lambda o: f"{API}/mine/{evaluation_of(o).pk}/", NOBODY),
    api_write(
        "evaluations api score",
        "POST",
        lambda o: f"{API}/mine/{evaluation_of(o).pk}/score/",
        NOBODY,
        data=lambda o: {"capacity": "80", "results": "80", "satisfaction": "80"},
    ),
    _api_read("mine report", lambda o: f"{API}/mine/{submitted_of(o).pk}/report/", NOBODY),
    _api_read("plans", lambda o: f"{API}/plans/", SIGNED_IN),
    _api_read("plan", lambda o: f"{API}/plans/{plan_of(o).pk}/", VIEWERS),
    api_write(
        "evaluations api plan create",
        "POST",
        lambda o: f"{API}/plans/",
        CADRE_CREATES,
        data=lambda o: {
            "federation": o.pk,
            "year": 2027,
            "evaluator": evaluator_of(o).pk,
            "agency": "接口评估中心",
            "weight_satisfaction": 40,
            "weight_capacity": 30,
            "weight_results": 30,
            "threshold": 60,
        },
    ),
    api_write(
        "evaluations api plan weights",
        "PATCH",
        lambda o: f"{API}/plans/{plan_of(o).pk}/",
        CADRES,
        data=lambda o: {"weight_satisfaction": 50, "weight_capacity": 25, "weight_results": 25},
    ),
    _api_read("public", lambda o: f"{API}/public/", everyone(OK)),
]
