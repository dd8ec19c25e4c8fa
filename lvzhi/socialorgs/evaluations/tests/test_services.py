"""The evaluation's writes and reads: a plan assigns the year's funded projects; only its
evaluator scores them and sees them; the weighted score, verdict and Word report; the
public ratings feed the satisfaction; a low score refuses next year's batch."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from lvzhi.core.models import AuditEvent
from lvzhi.socialorgs.evaluations import selectors, services
from lvzhi.socialorgs.evaluations.models import Evaluation, EvaluationPlan, Rating
from lvzhi.socialorgs.projects import selectors as project_selectors

from .conftest import PASSWORD, make_batch


def test_plan_assigns_funded_projects_only(plan, funded):
    assigned = set(plan.evaluations.values_list("application_id", flat=True))
    assert assigned == {funded["xinhe_app"].pk, funded["dagu_app"].pk}
    assert AuditEvent.objects.filter(action="evaluation_plan_create").count() == 1


def test_plan_refusals_write_nothing(org_tree, district_cadre, evaluator, funded, make_user):
    base = dict(
        actor=district_cadre,
        federation=org_tree.district,
        year=2026,
        evaluator=evaluator,
        agency="评估中心",
    )
    with pytest.raises(ValidationError) as caught:
        services.plan_create(**base, weight_satisfaction=50, weight_capacity=30, weight_results=30)
    assert caught.value.message_dict["weights"] == ["三项权重之和应为100（当前为110）"]
    with pytest.raises(ValidationError) as caught:
        services.plan_create(**{**base, "agency": " "}, threshold=120)
    assert set(caught.value.message_dict) == {"agency", "threshold"}
    stranger = make_user("someone", "cadre", org_tree.xinhe)
    with pytest.raises(ValidationError) as caught:
        services.plan_create(**{**base, "evaluator": stranger})
    assert "evaluator" in caught.value.message_dict
    with pytest.raises(Http404):
        services.plan_create(**{**base, "actor": make_user("dg", "cadre", org_tree.dagu)})
    assert not EvaluationPlan.objects.exists() and not Evaluation.objects.exists()


def test_evaluator_has_no_scope_and_sees_only_her_own(
    plan, evaluator, org_tree, district_cadre, funded
):
    from lvzhi.socialorgs import selectors as so_selectors

    assert not so_selectors.organizations(evaluator).exists()
    assert not project_selectors.applications(evaluator).exists()
    assert selectors.own_evaluations(evaluator).count() == 2
    other = services.evaluator_create(
        actor=district_cadre, federation=org_tree.district, username="other_eval", password=PASSWORD
    )
    assert not selectors.own_evaluations(other).exists()
    with pytest.raises(Http404):
        selectors.get_own_evaluation(other, plan.evaluations.first().pk)
    row = plan.evaluations.first()
    with pytest.raises(PermissionDenied):
        services.evaluation_score(
            actor=other, evaluation=row, capacity=80, results=80, satisfaction=80
        )
    with pytest.raises(PermissionDenied):
        services.evaluation_score(
            actor=district_cadre, evaluation=row, capacity=80, results=80, satisfaction=80
        )


def test_score_without_ratings_needs_the_survey_then_report(plan, evaluator, funded):
    from docx import Document

    row = Evaluation.objects.get(application=funded["xinhe_app"])
    with pytest.raises(ValidationError) as caught:
        services.evaluation_score(actor=evaluator, evaluation=row, capacity="85", results="x")
    assert caught.value.message_dict == {
        "results": ["项目成效得分应为数字"],
        "satisfaction": ["尚无受益对象在线评价，请填写满意度调查得分"],
    }
    row.refresh_from_db()
    assert row.status == "assigned" and not row.report
    scored = services.evaluation_score(
        actor=evaluator,
        evaluation=row,
        capacity="85",
        results="70",
        satisfaction="90",
        comment="服务规范，成效明显。",
    )
    assert str(scored.weighted_score) == "82.5" and scored.passed is True
    assert scored.verdict["rule_id"] == "R-SO-03" and scored.status == "submitted"
    document = Document(io.BytesIO(scored.report.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "2026年度社会化项目第三方成效评估报告" in text and "服务规范，成效明显。" in text
    assert "新河一社区巾帼志愿队" in cells and "82.5" in cells and "40%" in cells
    event = AuditEvent.objects.get(action="evaluation_score")
    assert event.actor == evaluator


def test_ratings_feed_satisfaction_once_per_token(plan, evaluator, funded):
    row = Evaluation.objects.get(application=funded["dagu_app"])
    token = services.form_token(row)
    services.rating_create(
        actor=None, evaluation=row, score=5, comment="", token=token, client_address="1"
    )
    with pytest.raises(ValidationError, match="请勿重复提交"):
        services.rating_create(
            actor=None, evaluation=row, score=5, comment="", token=token, client_address="1"
        )
    with pytest.raises(ValidationError, match="无效"):
        services.rating_create(
            actor=None, evaluation=row, score=5, comment="", token="x", client_address="1"
        )
    other = Evaluation.objects.get(application=funded["xinhe_app"])
    with pytest.raises(ValidationError, match="无效"):
        services.rating_create(
            actor=None,
            evaluation=row,
            score=5,
            comment="",
            token=services.form_token(other),
            client_address="1",
        )
    with pytest.raises(ValidationError, match="1—5"):
        services.rating_create(
            actor=None,
            evaluation=row,
            score=9,
            comment="",
            token=services.form_token(row),
            client_address="1",
        )
    services.rating_create(
        actor=None,
        evaluation=row,
        score=3,
        comment="还行",
        token=services.form_token(row),
        client_address="2",
    )
    assert Rating.objects.count() == 2
    scored = services.evaluation_score(
        actor=evaluator, evaluation=row, capacity=40, results=40, satisfaction=100
    )
    # ratings (5, 3) → 80 win over the typed survey score; 80×40% + 40×30% + 40×30% = 56
    assert scored.satisfaction_from_ratings and str(scored.satisfaction_score) == "80.0"
    assert str(scored.weighted_score) == "56.0" and scored.passed is False


def test_rating_rate_limit(plan, funded, settings):
    settings.SOCIALORGS_RATING_RATE_LIMIT = 1
    row = Evaluation.objects.get(application=funded["dagu_app"])
    services.rating_create(
        actor=None,
        evaluation=row,
        score=4,
        comment="",
        token=services.form_token(row),
        client_address="9",
    )
    with pytest.raises(services.RateLimited):
        services.rating_create(
            actor=None,
            evaluation=row,
            score=4,
            comment="",
            token=services.form_token(row),
            client_address="9",
        )
    assert Rating.objects.count() == 1


def test_low_score_refuses_next_year_and_weights_freeze(
    plan, evaluator, funded, district_cadre, org_tree
):
    row = Evaluation.objects.get(application=funded["dagu_app"])
    services.evaluation_score(
        actor=evaluator, evaluation=row, capacity=50, results=50, satisfaction=50
    )
    next_batch = make_batch(org_tree.district, 2027)
    same_year = make_batch(org_tree.district, 2026, title="2026年第二批")
    verdict = project_selectors.eligibility(
        funded["dagu"], next_batch, today=next_batch.published_on
    )
    assert not verdict.eligible
    assert any("低于合格分数线 60 分，2027年度不能申报" in r for r in verdict.reasons)
    assert project_selectors.eligibility(
        funded["xinhe"], next_batch, today=next_batch.published_on
    ).eligible
    assert project_selectors.eligibility(
        funded["dagu"], same_year, today=same_year.published_on
    ).eligible
    with pytest.raises(ValidationError, match="不能再修改权重"):
        services.plan_update(
            actor=district_cadre, plan=plan, weight_satisfaction=50, weight_capacity=20
        )
    services.plan_update(actor=district_cadre, plan=plan, agency="新机构")
    plan.refresh_from_db()
    assert plan.agency == "新机构" and plan.weight_satisfaction == 40


def test_plan_update_validates_and_assigns_new_funded(plan, district_cadre, funded):
    from .conftest import fund

    with pytest.raises(ValidationError) as caught:
        services.plan_update(actor=district_cadre, plan=plan, weight_results=31)
    assert caught.value.message_dict["weights"] == ["三项权重之和应为100（当前为101）"]
    funded["pending"].status = "contract"
    funded["pending"].funded_amount = 1000
    funded["pending"].save()
    fund(funded["batch"], funded["xinhe"], "第二个项目", "withdrawn")
    services.plan_update(actor=district_cadre, plan=plan, weight_results=20, weight_capacity=40)
    plan.refresh_from_db()
    assert plan.weights == {"satisfaction": 40, "capacity": 40, "results": 20}
    assert plan.evaluations.count() == 3


def test_report_prints_as_offices_print_it(plan, evaluator, funded, tmp_path):
    import shutil

    from docx import Document

    from lvzhi.core.tests.office_asserts import (
        assert_word_prints,
        libreoffice_to_pdf,
        pdf_text,
        soffice,
    )

    row = Evaluation.objects.get(application=funded["xinhe_app"])
    scored = services.evaluation_score(
        actor=evaluator, evaluation=row, capacity=55, results=50, satisfaction=60
    )
    content = scored.report.read()
    assert_word_prints(Document(io.BytesIO(content)))
    if not soffice() or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice 或 poppler-utils 未安装：.ci/run 会安装")
    path = tmp_path / "report.docx"
    path.write_bytes(content)
    text = pdf_text(libreoffice_to_pdf([path], tmp_path)[0]).replace(" ", "")
    assert "2026年度社会化项目第三方成效评估报告" in text
    assert "评估不合格：该组织不能申报2027年度社会化项目。" in text
