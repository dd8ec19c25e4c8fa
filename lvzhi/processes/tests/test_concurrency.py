"""Two people acting on the same step at the same moment: exactly one succeeds, the other
gets ``StepConflict`` with a clear message, and the timeline has one entry for the step.

The race runs on PostgreSQL with real threads, each on its own database connection,
released together by a barrier right before ``services.step_transition``. SQLite
serializes writers (every transaction there takes the write lock first), so the race
cannot happen on it; a sequential second completion with the stale revision is tested on
both databases.
"""

import threading
import time
from unittest import mock

import pytest
from django.db import connection, connections

from lvzhi.processes import services
from lvzhi.processes.models import Case, CaseEvent, CaseStatus, EventKind, StepStatus
from lvzhi.processes.services import cases as case_services

from .conftest import template_of

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serializes writers: two transactions cannot act at the same moment",
)


def _case(tree, people, *, at_review: bool) -> Case:
    """A published women's 3.2 case at the district; its review (step 3) is routed to
    the city federation's cadres. Step 2 needs no documents here (no files in threads)."""
    template = template_of(tree.district, "3.2")
    draft = template.versions.get()
    services.step_update(
        actor=people.cadre,
        step=draft.steps.get(order=3),
        actor_kind="parent_role",
        role_code="cadre",
        levels_up=1,
    )
    services.step_update(actor=people.cadre, step=draft.steps.get(order=2), documents=[])
    services.version_publish(actor=people.cadre, version=draft)
    case = services.case_start(
        actor=people.cadre,
        template=template,
        organization=tree.district,
        title="2027年度三八红旗手评选",
        year=2027,
        today=tree.today,
    )
    if at_review:
        for order in (1, 2):
            services.step_transition(
                actor=people.propaganda,
                case=case,
                step_id=case.steps.get(order=order).pk,
                action="complete",
                today=tree.today,
            )
    return Case.objects.get(pk=case.pk)


def _race(users, case_id, step_id, action, revision, delay=0.0):
    """Run ``step_transition`` for each user in its own thread at the same moment;
    returns what each got: "ok", or the exception."""
    barrier = threading.Barrier(len(users))
    outcomes = [None] * len(users)

    def act(index, user):
        try:
            case = Case.objects.get(pk=case_id)
            barrier.wait(timeout=10)
            services.step_transition(
                actor=user,
                case=case,
                step_id=step_id,
                action=action,
                comment="同意" if action == "approve" else "已办理",
                expected_revision=revision,
            )
            outcomes[index] = "ok"
        except Exception as exc:  # noqa: BLE001 — the test inspects it
            outcomes[index] = exc
        finally:
            connections.close_all()

    slow = mock.patch.object(
        case_services.rules,
        "transition_errors",
        side_effect=_slowly(case_services.rules.transition_errors, delay),
    )
    with slow:
        threads = [threading.Thread(target=act, args=(i, user)) for i, user in enumerate(users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a transition hung"
    return outcomes


def _slowly(function, delay):
    """The real rule, after a pause: the first thread holds the case while the second
    one arrives, whatever the scheduler does."""

    def wrapped(*args, **kwargs):
        time.sleep(delay)
        return function(*args, **kwargs)

    return wrapped


def _check_one_winner(outcomes, case_id, step_id, kind):
    winners = [o for o in outcomes if o == "ok"]
    conflicts = [o for o in outcomes if isinstance(o, services.StepConflict)]
    assert len(winners) == 1, outcomes
    assert len(conflicts) == 1, outcomes
    message = conflicts[0].message
    assert message.startswith("该环节已由他人办理") and "请刷新后查看最新进度" in message
    assert str(conflicts[0]) == message
    events = CaseEvent.objects.filter(case_id=case_id, step_id=step_id, kind=kind)
    assert events.count() == 1
    return events.get()


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("delay", [0.0, 0.3])
def test_two_people_complete_the_same_step_at_once(seeded, people, delay):
    case = _case(seeded, people, at_review=False)
    step = case.steps.get(order=1)
    outcomes = _race(
        [people.propaganda, people.cadre], case.pk, step.pk, "complete", step.revision, delay
    )
    event = _check_one_winner(outcomes, case.pk, step.pk, EventKind.COMPLETED)
    step.refresh_from_db()
    assert step.status == StepStatus.DONE and step.revision == 2
    assert step.completed_by_id == event.actor_id
    case.refresh_from_db()
    assert case.current_step.order == 2  # moved on once, not twice
    assert case.steps.filter(status=StepStatus.ACTIVE).count() == 1
    conflict = next(o for o in outcomes if isinstance(o, services.StepConflict))
    assert "各开发区、街镇妇联和各系统有关部门组织推报" in conflict.message  # where it is now


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("delay", [0.0, 0.3])
def test_two_reviewers_approve_the_same_step_at_once(seeded, people, make_user, delay):
    case = _case(seeded, people, at_review=True)
    step = case.steps.get(order=3)
    assert step.status == StepStatus.ACTIVE and step.actor_organization == seeded.city
    second_reviewer = make_user("city_cadre_2", "cadre", seeded.city, include_descendants=False)
    outcomes = _race(
        [people.city_cadre, second_reviewer], case.pk, step.pk, "approve", step.revision, delay
    )
    _check_one_winner(outcomes, case.pk, step.pk, EventKind.APPROVED)
    case.refresh_from_db()
    assert case.current_step.order == 4
    assert CaseEvent.objects.filter(case=case, kind=EventKind.APPROVED).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_approve_and_return_at_once_one_wins(seeded, people, make_user):
    case = _case(seeded, people, at_review=True)
    step = case.steps.get(order=3)
    second_reviewer = make_user("city_cadre_2", "cadre", seeded.city, include_descendants=False)
    barrier = threading.Barrier(2)
    outcomes = {}

    def act(user, action):
        try:
            mine = Case.objects.get(pk=case.pk)
            barrier.wait(timeout=10)
            services.step_transition(
                actor=user, case=mine, step_id=step.pk, action=action, comment="材料需补充"
            )
            outcomes[action] = "ok"
        except Exception as exc:  # noqa: BLE001
            outcomes[action] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(people.city_cadre, "approve")),
        threading.Thread(target=act, args=(second_reviewer, "return")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(type(o).__name__ if o != "ok" else o for o in outcomes.values()) == [
        "StepConflict",
        "ok",
    ]
    decided = CaseEvent.objects.filter(
        case=case, step=step, kind__in=[EventKind.APPROVED, EventKind.RETURNED]
    )
    assert decided.count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_conditional_update_alone_stops_the_second_one(seeded, people):
    """Even without the case row lock, the step moves by a conditional UPDATE on its
    status and revision: the second transaction updates no row and gets the conflict."""
    case = _case(seeded, people, at_review=False)
    step = case.steps.get(order=1)

    def no_lock(case):
        return Case.objects.select_related("organization", "current_step").get(pk=case.pk)

    with mock.patch.object(case_services, "_lock", side_effect=no_lock):
        outcomes = _race(
            [people.propaganda, people.cadre], case.pk, step.pk, "complete", step.revision, 0.3
        )
    _check_one_winner(outcomes, case.pk, step.pk, EventKind.COMPLETED)
    assert Case.objects.get(pk=case.pk).current_step.order == 2


# ---------------------------------------------------------------- both databases


@pytest.mark.django_db
def test_a_second_completion_with_the_stale_revision_is_a_conflict(seeded, people):
    case = _case(seeded, people, at_review=False)
    step = case.steps.get(order=1)
    seen = step.revision  # what both people's pages show
    services.step_transition(
        actor=people.propaganda,
        case=case,
        step_id=step.pk,
        action="complete",
        expected_revision=seen,
        today=seeded.today,
    )
    with pytest.raises(services.StepConflict) as conflict:
        services.step_transition(
            actor=people.cadre,
            case=case,
            step_id=step.pk,
            action="complete",
            expected_revision=seen,
            today=seeded.today,
        )
    assert conflict.value.message == (
        "该环节已由他人办理（当前：各开发区、街镇妇联和各系统有关部门组织推报），"
        "请刷新后查看最新进度"
    )
    assert CaseEvent.objects.filter(step=step, kind=EventKind.COMPLETED).count() == 1
    assert Case.objects.get(pk=case.pk).current_step.order == 2


@pytest.mark.django_db
def test_her_own_form_sent_twice_is_told_the_step_moved_on(seeded, people):
    """The same person sending an old form again (a second tab, a double tap) did not lose
    to someone else: the message says her earlier action took effect."""
    case = _case(seeded, people, at_review=False)
    step = case.steps.get(order=1)
    seen = step.revision
    kwargs = dict(
        actor=people.propaganda,
        case=case,
        step_id=step.pk,
        action="complete",
        expected_revision=seen,
        today=seeded.today,
    )
    services.step_transition(**kwargs)
    with pytest.raises(services.StepConflict) as conflict:
        services.step_transition(**kwargs)
    assert conflict.value.message == (
        "该环节已推进，您的上一次操作已生效（当前：各开发区、街镇妇联和各系统有关部门组织推报），"
        "请刷新后查看最新进度"
    )
    assert "他人" not in conflict.value.message
    assert CaseEvent.objects.filter(step=step, kind=EventKind.COMPLETED).count() == 1


@pytest.mark.django_db
def test_a_stale_revision_on_a_step_that_came_back_is_a_conflict(seeded, people):
    """A step returned to and active again has a new revision: a page opened before the
    return cannot complete it."""
    case = _case(seeded, people, at_review=True)
    step2 = case.steps.get(order=2)
    stale = step2.revision
    review = case.steps.get(order=3)
    services.step_transition(
        actor=people.city_cadre,
        case=case,
        step_id=review.pk,
        action="return",
        comment="事迹材料不完整",
        today=seeded.today,
    )
    step2.refresh_from_db()
    assert step2.status == StepStatus.ACTIVE and step2.revision > stale
    with pytest.raises(services.StepConflict):
        services.step_transition(
            actor=people.propaganda,
            case=case,
            step_id=step2.pk,
            action="complete",
            expected_revision=stale,
            today=seeded.today,
        )
    services.step_transition(
        actor=people.propaganda,
        case=case,
        step_id=step2.pk,
        action="complete",
        expected_revision=step2.revision,
        today=seeded.today,
    )
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN
    assert Case.objects.get(pk=case.pk).current_step.order == 3
