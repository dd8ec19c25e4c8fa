"""Social projects through the services: the federation publishes a batch, an
organization user applies with her plan and budget (eligibility R-SO-03), the federation
moves the case on the process engine (审核 → 立项决定 → 签订协议 → 中期报告 → 结项报告),
and the results enter the organization's ledger. Refusals change nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from lvzhi.core.models import AuditEvent, RoleAssignment
from lvzhi.core.scopes import scope_for
from lvzhi.processes import services as processes
from lvzhi.processes.models import CaseStatus
from lvzhi.socialorgs.models import LedgerEntry
from lvzhi.socialorgs.projects import rules, selectors, services
from lvzhi.socialorgs.projects.models import ApplicationStatus, ProjectApplication, ProjectDocument
from lvzhi.socialorgs.roles import ORG_USER

from .project_helpers import (  # noqa: F401
    PASSWORD,
    apply,
    batch,
    district_cadre,
    fresh,
    make_batch,
    org_user,
    other_org_user,
    pdf,
    project_orgs,
    xlsx,
)

pytestmark = pytest.mark.usefixtures("clock")


def test_org_user_has_no_federation_scope(org_user, project_orgs):
    assignment = RoleAssignment.objects.get(user=org_user)
    assert assignment.role.code == ORG_USER and not assignment.include_descendants
    for action in ("view", "create", "change", "approve"):
        assert scope_for(org_user, action).empty
    assert selectors.account_of(org_user).organization == project_orgs["xinhe_1"]


def test_account_needs_a_unique_name_and_a_strong_password(district_cadre, project_orgs):
    with pytest.raises(ValidationError) as exc:
        services.account_create(
            actor=district_cadre, organization=project_orgs["xinhe_1"], username="", password="x"
        )
    assert "username" in exc.value.message_dict
    services.account_create(
        actor=district_cadre, organization=project_orgs["xinhe_1"], username="a1", password=PASSWORD
    )
    with pytest.raises(ValidationError) as exc:
        services.account_create(
            actor=district_cadre,
            organization=project_orgs["dagu_1"],
            username="A1",
            password=PASSWORD,
        )
    assert "username" in exc.value.message_dict


def test_account_outside_scope_is_404(make_user, org_tree, project_orgs):
    dagu = make_user("dg_cadre", "cadre", org_tree.dagu)
    with pytest.raises(Http404):
        services.account_create(
            actor=dagu, organization=project_orgs["xinhe_1"], username="zz", password=PASSWORD
        )


def test_full_flow_enters_the_ledger(batch, org_user, district_cadre, project_orgs):
    application = apply(org_user, batch, budget_file=xlsx())
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.verdicts[0]["rule_id"] == "R-SO-03"
    assert application.verdicts[0]["outcome"] == "eligible"
    assert {d.kind for d in application.documents.all()} == {"plan", "budget"}
    row = services.application_accept(actor=district_cadre, application=application)
    assert row.status == "review" and row.case.status == CaseStatus.OPEN
    row = services.application_review(actor=district_cadre, application=fresh(row), approve=True)
    assert row.status == "decision"
    row = services.application_decide(
        actor=district_cadre, application=fresh(row), approve=True, funded_amount="45000.50"
    )
    assert row.status == "contract" and str(row.funded_amount) == "45000.50"
    row = services.contract_record(
        actor=district_cadre,
        application=fresh(row),
        signed_on=dt.date(2026, 11, 29),
        contract=pdf(),
    )
    assert row.status == "midterm"
    with pytest.raises(ValidationError):  # no report yet
        services.report_accept(actor=district_cadre, application=fresh(row))
    services.report_submit(actor=org_user, application=fresh(row), text="已服务 60 人次")
    row = services.report_accept(actor=district_cadre, application=fresh(row))
    assert row.status == "final"
    services.report_submit(
        actor=org_user, application=fresh(row), text="服务 130 人次，满意度 97%", attachment=pdf()
    )
    row = services.report_accept(actor=district_cadre, application=fresh(row))
    assert row.status == "completed" and row.completed_on == dt.date(2026, 11, 29)
    entry = LedgerEntry.objects.get(pk=row.ledger_entry_id)
    assert entry.kind == "project_result" and entry.organization == project_orgs["xinhe_1"]
    assert "满意度 97%" in entry.content
    assert fresh(row).case.status == CaseStatus.FINISHED
    assert ProjectDocument.objects.filter(application=row).count() == 4
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"project_apply", "project_accept", "project_decide", "project_contract"} <= actions


def test_rejected_at_review_needs_a_reason(batch, org_user, district_cadre):
    row = services.application_accept(actor=district_cadre, application=apply(org_user, batch))
    with pytest.raises(ValidationError) as exc:
        services.application_review(actor=district_cadre, application=fresh(row), approve=False)
    assert "note" in exc.value.message_dict and fresh(row).status == "review"
    row = services.application_review(
        actor=district_cadre, application=fresh(row), approve=False, note="方案与批次内容不符"
    )
    assert row.status == "rejected" and fresh(row).case.status == CaseStatus.CANCELLED
    assert row.verdicts[-1]["outcome"] == "rejected"


def test_funding_within_request_and_batch_budget(
    district_cadre, org_tree, org_user, other_org_user
):
    small = make_batch(district_cadre, org_tree.district, budget="60000")
    first = apply(org_user, small, budget="40000")
    second = apply(other_org_user, small, budget="30000")
    for app in (first, second):
        app = services.application_accept(actor=district_cadre, application=app)
        services.application_review(actor=district_cadre, application=fresh(app), approve=True)
    with pytest.raises(ValidationError) as exc:  # more than asked
        services.application_decide(
            actor=district_cadre, application=fresh(first), approve=True, funded_amount="40001"
        )
    assert "funded_amount" in exc.value.message_dict
    services.application_decide(
        actor=district_cadre, application=fresh(first), approve=True, funded_amount="40000"
    )
    with pytest.raises(ValidationError) as exc:  # 20,000 left in the batch
        services.application_decide(
            actor=district_cadre, application=fresh(second), approve=True, funded_amount="30000"
        )
    assert "20000" in exc.value.message_dict["funded_amount"][0]
    assert fresh(second).status == "decision" and fresh(second).funded_amount is None


def test_ineligible_organization_and_deadline(batch, org_user, project_orgs, clock):
    project_orgs["xinhe_1"].status = "dormant"
    project_orgs["xinhe_1"].save()
    with pytest.raises(ValidationError) as exc:
        apply(org_user, batch)
    assert "活跃" in exc.value.messages[0]
    project_orgs["xinhe_1"].status = "active"
    project_orgs["xinhe_1"].save()
    clock.set(dt.date(2027, 1, 1))
    with pytest.raises(ValidationError) as exc:
        apply(org_user, batch)
    assert "截止" in exc.value.messages[0]
    assert not ProjectApplication.objects.exists()


def test_batch_outside_her_area_or_unpublished_is_404(
    district_cadre, org_tree, org_user, make_user
):
    dagu_cadre = make_user("dg_cadre", "cadre", org_tree.dagu)
    elsewhere = make_batch(dagu_cadre, org_tree.dagu)
    draft = make_batch(district_cadre, org_tree.district, publish=False)
    for target in (elsewhere, draft):
        with pytest.raises(Http404):
            apply(org_user, target)
    assert list(selectors.open_batches_for(org_user)) == []


def test_only_an_organization_account_applies(batch, district_cadre):
    with pytest.raises(PermissionDenied):
        apply(district_cadre, batch)


def test_bad_files_and_amounts_change_nothing(batch, org_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("方案.pdf", b"not a pdf at all")
    with pytest.raises(ValidationError) as exc:
        apply(org_user, batch, plan=fake, budget="0")
    assert set(exc.value.message_dict) == {"plan", "budget"}
    with pytest.raises(ValidationError) as exc:
        apply(org_user, batch, plan=None, budget="300000")
    assert "不能超过项目预算" in exc.value.message_dict["budget"][0]
    assert not ProjectApplication.objects.exists() and not ProjectDocument.objects.exists()


def test_one_application_per_batch_and_withdraw(batch, org_user, other_org_user):
    first = apply(org_user, batch)
    with pytest.raises(ValidationError):
        apply(org_user, batch)
    with pytest.raises(Http404):
        services.application_withdraw(actor=other_org_user, application=first)
    services.application_withdraw(actor=org_user, application=first)
    assert fresh(first).status == "withdrawn"
    apply(org_user, batch)  # may apply again after withdrawing


def test_the_generic_case_page_cannot_move_a_project(batch, org_user, district_cadre):
    row = services.application_accept(actor=district_cadre, application=apply(org_user, batch))
    case = fresh(row).case
    with pytest.raises(ValidationError) as exc:
        processes.step_transition(
            actor=district_cadre, case=case, step_id=case.current_step_id, action="approve"
        )
    assert "项目申报页面" in exc.value.messages[0]
    assert fresh(row).case.current_step_id == case.current_step_id


def test_org_user_reads_only_her_own(batch, org_user, other_org_user):
    mine = apply(org_user, batch)
    theirs = apply(other_org_user, batch)
    assert list(selectors.own_applications(org_user)) == [mine]
    with pytest.raises(Http404):
        selectors.get_own_application(org_user, theirs.pk)
    doc = theirs.documents.get()
    with pytest.raises(Http404):
        selectors.get_document(org_user, doc.pk)
    assert selectors.get_document(other_org_user, doc.pk) == doc
    assert not selectors.applications(org_user).exists()


def test_reports_only_by_her_own_organization(batch, org_user, other_org_user, district_cadre):
    row = services.application_accept(actor=district_cadre, application=apply(org_user, batch))
    services.application_review(actor=district_cadre, application=fresh(row), approve=True)
    services.application_decide(
        actor=district_cadre, application=fresh(row), approve=True, funded_amount="1000"
    )
    services.contract_record(
        actor=district_cadre, application=fresh(row), signed_on=dt.date(2026, 11, 29)
    )
    with pytest.raises(Http404):
        services.report_submit(actor=other_org_user, application=fresh(row), text="x")
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=district_cadre, application=fresh(row), text="x")


def test_a_hook_refusal_makes_an_organization_ineligible(batch, org_user, settings):
    settings.LVZHI_HOOKS = {
        **settings.LVZHI_HOOKS,
        selectors.ELIGIBILITY_HOOK: [f"{__name__}.refuse"],
    }
    with pytest.raises(ValidationError) as exc:
        apply(org_user, batch)
    assert "评估不合格" in exc.value.messages[0]


def refuse(*, organization, batch, today):
    return ["上年度项目第三方评估不合格"]


@pytest.mark.parametrize(
    ("status", "path", "published", "deadline", "eligible"),
    [
        ("active", "00010002", True, dt.date(2026, 11, 29), True),
        ("active", "00010002", True, dt.date(2026, 11, 28), False),
        ("dormant", "00010002", True, dt.date(2026, 12, 1), False),
        ("active", "00010003", True, dt.date(2026, 12, 1), False),
        ("active", "00010002", False, dt.date(2026, 12, 1), False),
    ],
)
def test_eligibility_rule(status, path, published, deadline, eligible):
    result = rules.eligibility(
        organization_status=status,
        organization_path=path,
        batch_path="00010002",
        published=published,
        deadline=deadline,
        today=dt.date(2026, 11, 29),
    )
    assert result.eligible is eligible and result.verdict.rule_id == "R-SO-03"
    assert bool(result.reasons) is not eligible


@pytest.mark.parametrize(
    ("amount", "ok"),
    [("1", True), ("0", False), ("-5", False), ("1.005", False), ("abc", False), (None, False)],
)
def test_amount_rule(amount, ok):
    assert (rules.amount_error(amount, label="金额") is None) is ok


def test_publishing_a_batch_records_the_yearly_duty(district_cadre, org_tree):
    from lvzhi.socialorgs.models import YearlyDuty

    draft = make_batch(district_cadre, org_tree.district, publish=False)
    assert not YearlyDuty.objects.exists()
    services.batch_publish(actor=district_cadre, batch=draft)
    duty = YearlyDuty.objects.get()
    assert (duty.kind, duty.federation, duty.date) == (
        "project_batch",
        org_tree.district,
        dt.date(2026, 11, 29),
    )
    make_batch(district_cadre, org_tree.district)  # published at once: recorded too
    assert YearlyDuty.objects.filter(kind="project_batch").count() == 2
