"""Demo of the third-party evaluation and of public complaints in the demo district
(滨海新区妇联, BH-FL): an evaluator account ``so_evaluator`` (the demo password) engaged
for the latest year with funded projects of the district's batches, with weights 40/30/30
and threshold 60; the first project rated by three beneficiaries and scored (its Word
report generated), the others waiting for her. One public complaint about a filed
organization, in the district's message inbox and the organization's ledger. Runs after
the projects' demo; idempotent. Writes go through the services."""

from django.contrib.auth import get_user_model
from django.db import transaction

from lvzhi.orgs.demo import DEMO_PASSWORD
from lvzhi.orgs.models import Organization
from lvzhi.socialorgs.complaints import services as complaint_services
from lvzhi.socialorgs.complaints.models import Complaint
from lvzhi.socialorgs.models import SocialOrganization, Status
from lvzhi.socialorgs.projects.models import FUNDED_STATUSES, ProjectApplication

from . import services
from .models import EvaluationPlan

DISTRICT = "BH-FL"
EVALUATOR = "so_evaluator"


def _complaint(admin, district) -> int:
    if Complaint.objects.filter(organization__federation=district).exists():
        return 0
    organization = (
        SocialOrganization.objects.filter(federation=district)
        .exclude(status=Status.DEREGISTERED)
        .order_by("id")
        .first()
    )
    if organization is None:
        return 0
    from lvzhi.catalog import messages as msg

    msg.reset_rate("demo")
    complaint_services.complaint_send(
        actor=None,
        organization=organization,
        text="该组织上月组织的亲子活动临时收取材料费，事先未公开收费标准，希望核实。",
        name="陈女士",
        contact="13900001234",
        client_address="demo",
    )
    return 1


@transaction.atomic
def load_evaluation_demo() -> dict:
    empty = {"complaints": 0, "evaluations": 0, "scored": 0, "ratings": 0}
    district = Organization.objects.filter(code=DISTRICT).first()
    admin = get_user_model().objects.filter(username="admin").first()
    if district is None or admin is None:
        return empty
    counts = dict(empty)
    counts["complaints"] = _complaint(admin, district)
    if EvaluationPlan.objects.filter(federation=district).exists():
        return counts
    latest = (
        ProjectApplication.objects.filter(batch__federation=district, status__in=FUNDED_STATUSES)
        .order_by("-batch__year")
        .values_list("batch__year", flat=True)
        .first()
    )
    if latest is None:
        return counts
    User = get_user_model()
    evaluator = User.objects.filter(username=EVALUATOR).first()
    if evaluator is None:
        evaluator = User(username=EVALUATOR, first_name="滨海社会工作评估中心")
        evaluator.set_password(DEMO_PASSWORD)  # the demo's password, refused by the validators
        evaluator.save()
        services.evaluator_assign(actor=admin, federation=district, user=evaluator)
        counts["accounts"] = [
            {
                "username": EVALUATOR,
                "role": "第三方评估人员",
                "role_code": "social_evaluator",
                "organization": district.name,
                "organization_code": district.code,
                "include_descendants": False,
                "department": "",
                "password": DEMO_PASSWORD,
                "created": True,
            }
        ]
    plan = services.plan_create(
        actor=admin,
        federation=district,
        year=latest,
        evaluator=evaluator,
        agency="滨海社会工作评估中心",
    )
    rows = list(plan.evaluations.order_by("id"))
    counts["evaluations"] = len(rows)
    first = rows[0]
    for i, score in enumerate((5, 4, 5)):
        services.rating_create(
            actor=None,
            evaluation=first,
            score=score,
            comment="老师很用心" if i == 0 else "",
            token=services.form_token(first),
            client_address=f"demo-{i}",
        )
        counts["ratings"] += 1
    services.evaluation_score(
        actor=evaluator,
        evaluation=first,
        capacity="85",
        results="78",
        comment="项目管理规范，服务对象覆盖达到协议要求，建议加强过程记录。",
    )
    counts["scored"] = 1
    return counts
