"""A major deliberation issue (议事 → 重大事项) becomes an executive member's 建议 or a case
(办件): the decision keeps what it became and shows how it stands when that changes (the
suggestion answered by the township, the case finished); the 建议 counts for her R-EX-04
and is guarded on the activity pages; refusals write nothing; page and API."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from lvzhi.homes.assessments.services import step_specs
from lvzhi.homes.deliberation import selectors, services
from lvzhi.homes.models import Decision
from lvzhi.members.activities import services as activity_services
from lvzhi.members.models import Activity, ActivityKind, MemberCompliance
from lvzhi.orgs.models import Person, Position, Title
from lvzhi.processes import services as processes
from lvzhi.processes.models import Case, CaseStatus

pytestmark = pytest.mark.django_db
PEOPLE = [("chair", "王主席"), ("member", "李执委"), ("secretary", "赵书记")]


@pytest.fixture
def member(org_tree):
    person = Person.objects.create(
        organization=org_tree.xinhe_1, org_path=org_tree.xinhe_1.path, name="李执委", gender="F"
    )
    Position.objects.create(
        person=person,
        organization=org_tree.xinhe_1,
        org_path=org_tree.xinhe_1.path,
        title=Title.MEMBER,
        start_date=dt.date(2024, 1, 1),
    )
    return person


@pytest.fixture
def major(cadre, homes, clock):
    home = homes["xinhe_1"]
    topic = services.topic_create(
        actor=cadre,
        home=home,
        title="村道路灯不亮",
        source="visit",
        raised_on=clock.today,
        raised_by="张大姐",
    )
    meeting = services.meeting_record(
        actor=cadre,
        home=home,
        date=clock.today,
        form="plenary",
        chair="王主席",
        topics=[topic],
        participants=PEOPLE,
    )
    return services.decision_record(
        actor=cadre, meeting=meeting, topic=topic, text="协调村委更换路灯", major=True
    )


@pytest.fixture
def template(cadre, org_tree):
    template = processes.template_create(
        actor=cadre, organization=org_tree.xinhe, name="重大事项转办"
    )
    version = template.versions.get()
    processes.steps_replace(actor=cadre, version=version, steps=step_specs(1))
    processes.version_publish(actor=cadre, version=version)
    return template


def _escalation(decision):
    return selectors.with_escalations([Decision.objects.get(pk=decision.pk)])[0].escalation


def test_a_major_issue_becomes_her_suggestion_answered_by_the_township(cadre, major, member, clock):
    decision = services.decision_escalate(
        actor=cadre, decision=major, escalate_as="suggestion", person=member
    )
    activity = Activity.objects.get(pk=decision.suggestion_id)
    assert (activity.kind, activity.person_id) == (ActivityKind.SUGGESTION, member.pk)
    assert "村道路灯不亮" in activity.note and "张大姐" not in activity.note
    assert decision.escalated_as == "suggestion" and decision.reported_on == clock.today
    assert decision.verdicts[-1]["rule_id"] == "R-HM-07"
    # it counts as her suggestion (R-EX-04)
    assert MemberCompliance.objects.filter(person=member, rule_id="R-EX-04", done=1).exists()
    assert _escalation(decision)["state"] == "待答复"
    # the township answers it on the suggestions page: the decision shows it
    activity_services.suggestion_answer(actor=cadre, activity=activity, answer="已列入明年计划")
    found = _escalation(decision)
    assert found["state"] == "已答复" and found["answer"] == "已列入明年计划"
    # the activity pages may not change it
    with pytest.raises(ValidationError, match="议事"):
        activity_services.activity_update(actor=cadre, activity=activity, note="改")


def test_a_major_issue_becomes_a_case_and_shows_its_status(cadre, major, template, org_tree):
    decision = services.decision_escalate(
        actor=cadre,
        decision=major,
        escalate_as="case",
        template=template,
        organization=org_tree.xinhe,
    )
    case = Case.objects.get(pk=decision.case_id)
    assert case.organization == org_tree.xinhe and "村道路灯不亮" in case.title
    assert _escalation(decision)["state"] == str(CaseStatus.OPEN.label)
    processes.case_cancel(actor=cadre, case=case, reason="并入村委年度计划")
    assert _escalation(decision)["state"] == str(CaseStatus.CANCELLED.label)


def test_refusals_write_nothing(cadre, major, member, template, org_tree, make_user, homes):
    cases, activities = Case.objects.count(), Activity.objects.count()
    stranger = Person.objects.create(
        organization=org_tree.xinhe_1, org_path=org_tree.xinhe_1.path, name="外人", gender="F"
    )
    attempts = [
        {"escalate_as": "suggestion", "person": stranger},  # not seated
        {"escalate_as": "suggestion"},
        {"escalate_as": "case", "organization": org_tree.xinhe},  # no template
        {"escalate_as": "case", "template": template, "organization": org_tree.dagu},
        {"escalate_as": "other"},
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            services.decision_escalate(actor=cadre, decision=major, **attempt)
    minor_topic = services.topic_create(
        actor=cadre,
        home=homes["xinhe_1"],
        title="小事",
        source="visit",
        raised_on=major.meeting.date,
    )
    major.meeting.topics.add(minor_topic)
    minor = services.decision_record(
        actor=cadre, meeting=major.meeting, topic=minor_topic, text="办"
    )
    with pytest.raises(ValidationError, match="重大问题"):
        services.decision_escalate(
            actor=cadre, decision=minor, escalate_as="suggestion", person=member
        )
    services.decision_escalate(actor=cadre, decision=major, escalate_as="suggestion", person=member)
    with pytest.raises(ValidationError, match="已转为建议"):  # only once
        services.decision_escalate(
            actor=cadre,
            decision=major,
            escalate_as="case",
            template=template,
            organization=org_tree.xinhe,
        )
    assert Case.objects.count() == cases and Activity.objects.count() == activities + 1
    # the village federation's own cadre may not start a case at the township
    village = make_user("village_chair", "cadre", org_tree.xinhe_1)
    other = Decision.objects.get(pk=major.pk)
    other.escalated_as = ""
    other.save(update_fields=["escalated_as"])
    with pytest.raises(ValidationError, match="发起办件"):
        services.decision_escalate(
            actor=village,
            decision=other,
            escalate_as="case",
            template=template,
            organization=org_tree.xinhe,
        )


def test_page_and_api(client, cadre, major, member, template, org_tree, make_user):
    client.force_login(cadre)
    page = client.get(reverse("homes:meeting", args=[major.meeting_id]))
    assert b"escalate-form" in page.content
    response = client.post(
        reverse("homes:decision-escalate", args=[major.pk]),
        {"escalate_as": "suggestion", "person": member.pk},
    )
    assert response.status_code == 302
    page = client.get(reverse("homes:meeting", args=[major.meeting_id])).content.decode()
    assert f'id="escalation-{major.pk}"' in page and "待答复" in page and "李执委" in page

    api = APIClient()
    api.force_authenticate(cadre)
    data = api.get(f"/api/v1/homes/decisions/{major.pk}/").json()
    assert data["escalated_as"] == "suggestion" and data["escalation"]["state"] == "待答复"
    listing = api.get("/api/v1/homes/decisions/").json()["results"]
    assert listing[0]["escalation"]["person"] == "李执委"
    again = api.post(
        f"/api/v1/homes/decisions/{major.pk}/escalate/",
        {"escalate_as": "suggestion", "person": member.pk},
        format="json",
    )
    assert again.status_code == 400 and "已转为建议" in str(again.json())
    bad = api.post(
        f"/api/v1/homes/decisions/{major.pk}/escalate/", {"escalate_as": "x"}, format="json"
    )
    assert bad.status_code == 400
    # the API path for a case
    Decision.objects.filter(pk=major.pk).update(escalated_as="", suggestion_id=None)
    done = api.post(
        f"/api/v1/homes/decisions/{major.pk}/escalate/",
        {"escalate_as": "case", "template": template.pk, "organization": org_tree.xinhe.pk},
        format="json",
    )
    assert done.status_code == 200, done.json()
    assert done.json()["escalation"]["state"] == "办理中" and done.json()["case"]
    api.force_authenticate(make_user("dg", "cadre", org_tree.dagu))
    assert (
        api.post(
            f"/api/v1/homes/decisions/{major.pk}/escalate/",
            {"escalate_as": "suggestion"},
            format="json",
        ).status_code
        == 404
    )
