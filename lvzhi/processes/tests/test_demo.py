"""The process demo of `lvzhi demo`: templates published, cases at different stages, an
inbox for every demo account, and nothing new on a second run."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from lvzhi.catalog.demo import load_seed_catalogs
from lvzhi.core.models import AuditEvent
from lvzhi.core.periods import today_local
from lvzhi.orgs.demo import load_demo
from lvzhi.processes import selectors
from lvzhi.processes.demo import load_process_demo
from lvzhi.processes.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CaseStatus,
    CaseStep,
    ProcessTemplate,
    ProcessTemplateVersion,
    StepDefinition,
    StepKind,
    VersionStatus,
)

pytestmark = pytest.mark.django_db
MODELS = (
    ProcessTemplate,
    ProcessTemplateVersion,
    StepDefinition,
    Case,
    CaseStep,
    CaseEvent,
    CaseAttachment,
    AuditEvent,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def user(name):
    return get_user_model().objects.get(username=name)


def test_the_process_demo_is_loaded_once_and_fills_the_inboxes():
    load_demo()
    load_seed_catalogs(user("admin"))
    first = load_process_demo()
    assert first == {"templates": 5, "cases": 9}
    # the process demo's own cases (the command below also loads other apps' demos, the
    # 妇女之家 assessments among them, which open cases of their own)
    demo_cases = set(Case.objects.values_list("id", flat=True))
    before = counts()
    assert load_process_demo() == {"templates": 0, "cases": 0}
    assert counts() == before
    out = io.StringIO()
    call_command("demo", "--no-migrate", "--json", stdout=out)
    assert json.loads(out.getvalue())["processes"] == {"templates": 0, "cases": 0}
    # the command also loads the other apps' demos once (their audit events); a second
    # run adds nothing at all
    before = counts()
    call_command("demo", "--no-migrate", "--json", stdout=io.StringIO())
    assert counts() == before

    # the duty items' processes (the modules' own templates have no item number)
    published = ProcessTemplate.objects.filter(
        organization__code="BH-FL", versions__status=VersionStatus.PUBLISHED
    ).exclude(item_number="")
    assert sorted(published.values_list("item_number", flat=True)) == [
        "11.1",
        "3.2",
        "6.1",
        "8.1",
        "8.2",
    ]
    assert sorted(
        ProcessTemplate.objects.filter(recurring=True).values_list("item_number", flat=True)
    ) == ["3.2", "6.1", "8.2"]
    women_32 = published.get(item_number="3.2")
    review = StepDefinition.objects.get(
        version__template=women_32, version__status=VersionStatus.PUBLISHED, name="审核评选"
    )
    assert (review.actor_kind, review.levels_up) == ("parent_role", 1)

    today = today_local()
    cases = {
        c.title: c
        for c in Case.objects.filter(pk__in=demo_cases).select_related(
            "current_step", "organization"
        )
    }
    assert len(cases) == 9
    finished = cases["滨海新区困难妇女儿童专项救助 — 李某"]
    assert finished.status == CaseStatus.FINISHED
    assert finished.organization.code == "BH-FL-006-02"  # a community's case…
    steps = list(finished.steps.order_by("order").select_related("actor_organization"))
    # …reviewed by its township, decided by the district
    assert [s.actor_organization.code for s in steps] == [
        "BH-FL-006-02",
        "BH-FL-006",
        "BH-FL",
        "BH-FL",
        "BH-FL",
    ]
    assert finished.attachments.count() == 2
    year = today.year
    notice = cases[f"{year}年度评选表彰三八红旗手（集体）"]
    assert notice.current_step.kind == StepKind.NOTICE and notice.current_due_on > today
    assert notice.is_public
    overdue = cases[f"{year}年度开展妇女法治宣传教育"]
    assert overdue.status == CaseStatus.OPEN and overdue.current_due_on < today
    # the timeline is dated as it happened, in order
    events = list(selectors.timeline(finished))
    assert [e.kind for e in events][-2:] == ["completed", "finished"]
    assert [e.created_at for e in events] == sorted(e.created_at for e in events)
    assert events[0].created_at.date() < today

    def inbox(name):
        steps = selectors.inbox(user(name)).filter(case_id__in=demo_cases)
        return {(step.case.title, step.order) for step in steps}

    assert inbox("quanyi_staff") == {
        (f"{year}年度开展妇女法治宣传教育", 1),
        (f"{year}年度开展妇女法律心理服务", 2),
    }
    assert selectors.overdue_count(user("quanyi_staff")) == 1
    # the village chair's own case, at her step, past its deadline (the street's cadre,
    # who may act for her communities, sees it too)
    assert inbox("xinhe_cadre") == {
        ("滨海新区困难妇女儿童专项救助 — 张某", 2),
        ("滨海新区困难妇女儿童专项救助 — 王某", 1),
    }
    assert inbox("cun_chair") == {("滨海新区困难妇女儿童专项救助 — 王某", 1)}
    waiting = cases["滨海新区困难妇女儿童专项救助 — 王某"]
    assert waiting.organization.code == "BH-FL-006-02" and waiting.current_due_on < today
    assert inbox("party_approver") == {("新河街道妇联换届（第三次妇女代表大会）", 1)}
    assert (f"{year}年度评选表彰三八红旗手（集体）", 4) in inbox("bh_cadre")
    # the union's 困难职工帮扶 (union catalog 7.4): its review waits for the district union's
    # cadre past its deadline; the women's cadres never see it
    assert inbox("gh_cadre") == {("中塘镇困难职工帮扶 — 赵某", 2)}
    union_case = cases["中塘镇困难职工帮扶 — 赵某"]
    assert union_case.organization.code == "BH-GH-05" and union_case.current_due_on < today
    assert union_case.template.organization.code == "BH-GH"
    assert cases["中塘镇困难职工帮扶 — 刘某"].status == CaseStatus.FINISHED
    assert selectors.overdue_count(user("gh_cadre")) == 1
    assert not selectors.visible_cases(user("bh_cadre")).filter(organization__system="gh").exists()
    # the department user sees her department's cases only
    assert {c.department.name for c in selectors.visible_cases(user("quanyi_staff"))} == {"权益部"}
    # nothing personal in the audit trail of the demo cases
    for event in AuditEvent.objects.filter(object_type="processes.case"):
        assert "张某" not in str(event.changes) and "李某" not in str(event.changes)
        assert "王某" not in str(event.changes)
        assert "赵某" not in str(event.changes) and "刘某" not in str(event.changes)
