"""Services of processes across the tree and the year: the year plan, approvals up the
tree and at the party organization, and what the audit log keeps."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from lvzhi.core.models import AuditEvent
from lvzhi.core.scopes import OutOfScope
from lvzhi.orgs.models import PartyOrganization
from lvzhi.processes import selectors, services
from lvzhi.processes.models import (
    Case,
    CaseEvent,
    CaseStatus,
)

from .conftest import template_of
from .services_kit import (
    TODAY,
    act,
    custom,
    draft_of,
    media_root,  # noqa: F401 (a fixture, used by pytestmark)
    pdf,
    start,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


# ================================================================ year plan


def test_year_plan_generates_each_recurring_case_once(seeded, people):
    recurring = []
    for number in ("3.2", "6.1"):
        template = template_of(seeded.district, number)
        services.template_update(actor=people.cadre, template=template, recurring=True)
        services.version_publish(actor=people.cadre, version=draft_of(template))
        recurring.append(template)
    # recurring but not published, and published but not recurring: left out
    services.template_update(
        actor=people.cadre, template=template_of(seeded.district, "8.2"), recurring=True
    )
    services.version_publish(
        actor=people.cadre, version=draft_of(template_of(seeded.district, "1.1"))
    )
    first = services.year_plan_generate(
        actor=people.cadre, organization=seeded.district, year=2027, today=TODAY
    )
    assert sorted(c.template.item_number for c in first["created"]) == ["3.2", "6.1"]
    assert first["existing"] == 0
    case = next(c for c in first["created"] if c.item_number == "3.2")
    assert (case.title, case.year, case.plan_year) == (
        "2027年度评选表彰三八红旗手（集体）",
        2027,
        2027,
    )
    again = services.year_plan_generate(
        actor=people.cadre, organization=seeded.district, year=2027, today=TODAY
    )
    assert again == {"created": [], "existing": 2}
    assert Case.objects.filter(plan_year=2027).count() == 2
    # another year, another set; another organization in scope, its own set
    assert (
        len(
            services.year_plan_generate(
                actor=people.cadre, organization=seeded.district, year=2028
            )["created"]
        )
        == 2
    )
    with pytest.raises(ValidationError):
        services.year_plan_generate(actor=people.cadre, organization=seeded.district, year=1999)
    with pytest.raises(OutOfScope):
        services.year_plan_generate(
            actor=people.xinhe_cadre, organization=seeded.district, year=2027
        )


def test_the_unique_constraint_keeps_one_planned_case_per_year(seeded, people):
    template = template_of(seeded.district, "6.1")
    services.version_publish(actor=people.cadre, version=draft_of(template))
    start(people.cadre, template, seeded.district, title="2027年度", year=2027, plan_year=2027)
    with pytest.raises(IntegrityError), transaction.atomic():
        start(people.cadre, template, seeded.district, title="又一件", year=2027, plan_year=2027)
    # cases outside the plan are not limited
    start(people.cadre, template, seeded.district, title="临时一件", year=2027)
    start(people.cadre, template, seeded.district, title="临时两件", year=2027)
    assert Case.objects.filter(template=template, year=2027).count() == 3


# ================================================================ approvals up the tree


def test_a_village_case_climbs_to_the_township_then_the_district(seeded, people):
    template = custom(
        seeded,
        people.cadre,
        [
            {"name": "申请登记", "actor_kind": "org_role", "role_code": "cadre"},
            {
                "name": "街道妇联审核",
                "kind": "review",
                "actor_kind": "parent_role",
                "role_code": "cadre",
                "levels_up": 1,
            },
            {
                "name": "区妇联审批",
                "kind": "review",
                "actor_kind": "parent_role",
                "role_code": "cadre",
                "levels_up": 2,
            },
        ],
        name="困难妇女专项救助",
    )
    case = start(people.village_cadre, template, seeded.xinhe_1, title="专项救助 — 张某")
    steps = list(case.steps.order_by("order"))
    assert [s.actor_organization for s in steps] == [seeded.xinhe_1, seeded.xinhe, seeded.district]
    assert [s.actor_path for s in steps] == [
        seeded.xinhe_1.path,
        seeded.xinhe.path,
        seeded.district.path,
    ]
    assert list(selectors.inbox(people.village_cadre)) == [steps[0]]
    case = act(people.village_cadre, case, 1)
    # the township cadre's turn: the village cannot approve its own application
    assert list(selectors.inbox(people.xinhe_cadre)) == [steps[1]]
    assert list(selectors.inbox(people.village_cadre)) == []
    with pytest.raises(PermissionDenied) as not_hers:
        act(people.village_cadre, case, 2, "approve")
    assert str(not_hers.value) == "该环节不由您办理"
    with pytest.raises(PermissionDenied):
        act(people.rights, case, 2, "approve")
    case = act(people.xinhe_cadre, case, 2, "approve", comment="情况属实")
    # the district cadre's turn: the township cannot approve it
    district_step = case.current_step
    assert district_step.order == 3 and district_step.actor_organization == seeded.district
    assert district_step in list(selectors.inbox(people.cadre))
    assert list(selectors.inbox(people.xinhe_cadre)) == []
    with pytest.raises(PermissionDenied):
        act(people.xinhe_cadre, case, 3, "approve")
    case = act(people.cadre, case, 3, "approve", comment="同意救助")
    assert case.status == CaseStatus.FINISHED
    events = CaseEvent.objects.filter(case=case, kind="approved").order_by("id")
    assert [e.actor for e in events] == [people.xinhe_cadre, people.cadre]


def test_a_parent_step_above_the_root_is_refused_at_start(seeded, people):
    template = custom(
        seeded,
        people.cadre,
        [
            {
                "name": "上三级审核",
                "kind": "review",
                "actor_kind": "parent_role",
                "role_code": "cadre",
                "levels_up": 3,
            }
        ],
    )
    with pytest.raises(ValidationError) as refused:
        start(people.cadre, template, seeded.district, title="x")
    assert "上3级组织审核" in refused.value.messages[0]
    assert (
        start(people.xinhe_cadre, template, seeded.xinhe_1, title="x")
        .steps.get()
        .actor_organization
        == seeded.city
    )


def test_party_steps_route_to_the_party_organization_approvers(seeded, people, make_user):
    party = PartyOrganization.objects.create(
        organization=seeded.district, org_path=seeded.district.path, name="中共滨海新区妇联党组"
    )
    seeded.district.party_organization = party
    seeded.district.save(update_fields=["party_organization"])
    approver = make_user("party_secretary")  # no role: the party organization routes to her
    party.approvers.add(approver)
    template = custom(
        seeded,
        people.cadre,
        [{"name": "报家儿部"}, {"name": "党组会议审核", "kind": "review", "actor_kind": "party"}],
    )
    case = start(people.cadre, template, seeded.district, title="专项救助 — 李某")
    case = act(people.rights, case, 1)
    step = case.current_step
    assert (step.actor_kind, step.role_code, step.actor_organization) == (
        "party",
        "party_approver",
        seeded.district,
    )
    assert list(selectors.inbox(approver)) == [step]
    assert selectors.get_case(approver, case.pk) == case  # visible through her step
    for other in (people.cadre, people.rights, people.xinhe_cadre):
        assert step not in list(selectors.inbox(other))
        with pytest.raises(PermissionDenied):
            act(other, case, 2, "approve")
    case = act(approver, case, 2, "approve", comment="党组会议审核通过")
    assert case.status == CaseStatus.FINISHED
    # an approver of another organization's party is not routed
    other_party = PartyOrganization.objects.create(
        organization=seeded.xinhe, org_path=seeded.xinhe.path, name="新河街道党工委"
    )
    seeded.xinhe.party_organization = other_party
    seeded.xinhe.save(update_fields=["party_organization"])
    township_approver = make_user("township_party")
    other_party.approvers.add(township_approver)
    second = start(people.cadre, template, seeded.district, title="专项救助 — 王某")
    second = act(people.rights, second, 1)
    assert list(selectors.inbox(township_approver)) == []
    with pytest.raises(PermissionDenied):
        act(township_approver, second, 2, "approve")


# ================================================================ audit


def test_audit_events_are_written_without_personal_data(seeded, people):
    secret_id, secret_phone = "120101199001011234", "13812345678"
    template = custom(
        seeded,
        people.cadre,
        [{"name": "受理", "documents": ["申请表"]}, {"name": "审核", "kind": "review"}],
    )
    AuditEvent.objects.all().delete()
    case = start(
        people.cadre, template, seeded.district, title="专项救助 — 张某", assignee=people.rights
    )
    comment = f"申请人身份证号{secret_id}，电话{secret_phone}"
    case = act(
        people.rights, case, 1, comment=comment, files=[("申请表", pdf(f"申请表-{secret_id}"))]
    )
    case = act(people.rights, case, 2, "return", comment=comment)
    case = act(people.rights, case, 1, comment=comment)
    case = act(people.rights, case, 2, "approve", comment=comment)
    case = services.case_reopen(actor=people.cadre, case=case, reason=comment)
    case = services.case_cancel(actor=people.cadre, case=case, reason=comment)
    events = AuditEvent.objects.filter(object_type="processes.case", object_id=str(case.pk))
    assert list(events.order_by("id").values_list("action", flat=True)) == [
        "create",
        "step_complete",
        "step_return",
        "step_complete",
        "step_approve",
        "reopen",
        "cancel",
    ]
    assert {e.actor for e in events} == {people.cadre, people.rights}
    assert all(e.org_path == seeded.district.path for e in events)
    for event in AuditEvent.objects.all():
        text = f"{event.object_repr} {event.changes}"
        assert secret_id not in text and secret_phone not in text, event.action
    # the timeline keeps what the people wrote (it is read inside the case's scope)
    assert CaseEvent.objects.filter(case=case, comment=comment).count() == 6
