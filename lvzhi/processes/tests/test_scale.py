"""Cases at scale (lvzhi.processes.scale): consistent with what the services would have
written, in every state, about 10 % overdue."""

import datetime as dt
import io
import json
from collections import Counter

import pytest
from django.core.management import call_command

from lvzhi.core.models import Role
from lvzhi.core.roles import ensure_default_roles
from lvzhi.core.workdays import add_workdays
from lvzhi.orgs import scale as org_scale
from lvzhi.orgs.models import Department
from lvzhi.processes import rules, scale, selectors
from lvzhi.processes.models import (
    Case,
    CaseEvent,
    CaseStatus,
    CaseStep,
    ProcessTemplate,
    StepDefinition,
    StepKind,
    StepStatus,
    VersionStatus,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def generated():
    ensure_default_roles(Role)
    org_scale.generate("district")
    return scale.generate_cases(preset="district", cases=800, today=TODAY, batch_size=300)


def test_cases_in_every_state_with_consistent_steps(generated):
    assert generated["counts"]["cases"] == Case.objects.count() == 800
    assert generated["counts"]["steps"] == CaseStep.objects.count()
    assert generated["counts"]["events"] == CaseEvent.objects.count()
    states = Counter(Case.objects.values_list("status", flat=True))
    assert set(states) == {CaseStatus.OPEN, CaseStatus.FINISHED, CaseStatus.CANCELLED}
    overdue = Case.objects.filter(status=CaseStatus.OPEN, current_due_on__lt=TODAY).count()
    assert overdue == generated["counts"]["overdue"]
    assert 0.05 < overdue / 800 < 0.15
    assert Case.objects.values("organization__level").distinct().count() == 3
    templates = ProcessTemplate.objects.all()
    assert templates.count() == len(scale.TEMPLATES)
    assert all(t.versions.get().status == VersionStatus.PUBLISHED for t in templates)
    assert Department.objects.count() == len(scale.DEPARTMENTS)

    levels = {
        (version, order): up
        for version, order, up in StepDefinition.objects.values_list(
            "version_id", "order", "levels_up"
        )
    }
    for case in Case.objects.prefetch_related("steps").select_related("template"):
        steps = sorted(case.steps.all(), key=lambda s: s.order)
        statuses = [s.status for s in steps]
        assert case.started_on == steps[0].activated_on <= TODAY
        if case.status == CaseStatus.FINISHED:
            assert set(statuses) == {StepStatus.DONE}
            assert case.current_step_id is None and case.current_due_on is None
            assert case.finished_at == steps[-1].completed_at and case.stage == "已办结"
        else:
            current = next(i for i, s in enumerate(steps) if s.status == StepStatus.ACTIVE)
            assert statuses == (
                [StepStatus.DONE] * current
                + [StepStatus.ACTIVE]
                + [StepStatus.WAITING] * (len(steps) - current - 1)
            )
            assert case.current_step_id == steps[current].pk
            if case.status == CaseStatus.OPEN:
                assert case.stage == steps[current].name
                assert case.current_due_on == steps[current].due_on
            else:
                assert case.stage == "已撤销" and case.current_due_on is None
        for earlier, later in zip(steps, steps[1:], strict=False):
            if later.activated_on:
                assert earlier.completed_at.date() == later.activated_on
        for step in steps:
            assert step.org_path == case.org_path
            assert case.org_path.startswith(step.actor_path)  # the actor is at or above
            if step.actor_kind == "department":
                assert step.department_id == case.template.department_id
                assert step.actor_path == case.template.org_path
            elif step.actor_kind == "parent_role":
                expected = rules.ancestor_path(case.org_path, levels[(case.version_id, step.order)])
                assert step.actor_path == (expected or case.org_path)  # the root has no parent
            else:
                assert step.actor_path == case.org_path


def test_deadlines_are_working_days(generated):
    for step in CaseStep.objects.exclude(activated_on=None).order_by("id")[:40]:
        # a notice runs its whole period and is recorded the working day after
        days = step.notice_workdays + 1 if step.kind == StepKind.NOTICE else step.duration_workdays
        assert step.due_on == add_workdays(step.activated_on, days)


def test_the_selectors_read_the_generated_cases(generated, make_user):
    county = ProcessTemplate.objects.first().organization
    department = Department.objects.get(name="权益部")
    staff = make_user("staff", "department_staff", county, False, department=department)
    cadre = make_user("cadre", "cadre", county)
    mine = selectors.case_list(staff, department=department.pk)
    assert mine.count() == Case.objects.filter(department=department).count() > 0
    overdue = selectors.case_list(cadre, overdue=True, today=TODAY)
    assert overdue.count() == generated["counts"]["overdue"]
    assert (
        len(selectors.inbox(staff))
        == CaseStep.objects.filter(
            status=StepStatus.ACTIVE, case__status=CaseStatus.OPEN, department=department
        ).count()
    )


def test_the_command_adds_cases_to_the_newest_tree():
    ensure_default_roles(Role)
    out = io.StringIO()
    with pytest.raises(Exception, match="generate_scale"):
        call_command("generate_cases", "--preset", "district", "--cases", "5", stdout=out)
    org_scale.generate("district")
    call_command("generate_cases", "--preset", "district", "--cases", "40", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["root"] == "SCALE-district-1" and result["counts"]["cases"] == 40
    call_command("generate_cases", "--preset", "district", "--cases", "10", stdout=io.StringIO())
    assert Case.objects.count() == 50
    assert ProcessTemplate.objects.count() == len(scale.TEMPLATES)  # reused, not doubled
