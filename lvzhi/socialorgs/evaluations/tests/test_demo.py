"""The demo loader engages the evaluator for the district's funded projects, scores the
first with three ratings and files one public complaint; a second run adds nothing."""

from lvzhi.socialorgs.evaluations.demo import load_evaluation_demo
from lvzhi.socialorgs.evaluations.models import Evaluation
from lvzhi.socialorgs.tests.conftest import add_org

from .conftest import fund, make_batch


def test_demo_evaluation_and_complaint(org_tree, admin_user):
    assert load_evaluation_demo() == {"complaints": 0, "evaluations": 0, "scored": 0, "ratings": 0}
    organization = add_org(org_tree.district, "滨海新区妇女儿童家庭服务协会", tier="county")
    batch = make_batch(org_tree.district)
    fund(batch, organization)
    fund(batch, add_org(org_tree.xinhe_1, "新河一社区巾帼志愿队"), "邻里互助")
    result = load_evaluation_demo()
    assert [a["username"] for a in result.pop("accounts")] == ["so_evaluator"]
    assert result == {"complaints": 1, "evaluations": 2, "scored": 1, "ratings": 3}
    scored = Evaluation.objects.get(status="submitted")
    # ratings 5, 4, 5 → 93.3; 93.3×40% + 85×30% + 78×30% = 86.2
    assert str(scored.satisfaction_score) == "93.3" and str(scored.weighted_score) == "86.2"
    assert scored.report and scored.passed
    again = load_evaluation_demo()
    assert again["evaluations"] == 0 and Evaluation.objects.count() == 2
    assert again["complaints"] == 0
    from lvzhi.socialorgs.models import LedgerEntry

    assert LedgerEntry.objects.filter(organization=organization, kind="complaint").count() == 1
    from django.contrib.auth import get_user_model

    evaluator = get_user_model().objects.get(username="so_evaluator")
    assert evaluator.check_password("lvzhi-demo-2026")


def test_demo_after_the_social_organizations_demo(org_tree, admin_user):
    from lvzhi.socialorgs.demo import load_socialorgs_demo

    load_socialorgs_demo()
    result = load_evaluation_demo()
    assert result["evaluations"] >= 1 and result["scored"] == 1 and result["complaints"] == 1
    assert Evaluation.objects.filter(status="submitted").get().report
