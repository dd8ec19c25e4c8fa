"""What the scale run plans, apart from writing it: the six templates every county gets,
the shares of states and levels, the working-day calendar and the dates and states of
one case's steps (pure, no writes). ``lvzhi.processes.scale`` writes what these plan."""

import bisect
import datetime as dt
import random
from dataclasses import dataclass

from lvzhi.core.models import Role
from lvzhi.core.workdays import _overrides, is_workday
from lvzhi.orgs.models import Level

from .models import ActorKind, StepKind

DEPARTMENTS = ("宣传部", "权益部", "家儿部", "组织部", "发展部")


@dataclass(frozen=True)
class StepPlan:
    name: str
    kind: str = StepKind.ACTION
    actor_kind: str = ActorKind.DEPARTMENT
    role_code: str = ""
    levels_up: int = 1
    duration: int = 5
    notice: int = 0
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplatePlan:
    item_number: str
    name: str
    department: str
    recurring: bool
    is_public: bool
    weight: int  # share of the cases
    steps: tuple[StepPlan, ...]


TEMPLATES = (
    TemplatePlan(
        "3.2",
        "评选表彰三八红旗手（集体）",
        "宣传部",
        True,
        True,
        2,
        (
            StepPlan("发放通知", duration=3),
            StepPlan("组织推报", duration=10, documents=("候选人登记表", "名单汇总表", "事迹材料")),
            StepPlan(
                "审核评选", StepKind.REVIEW, ActorKind.PARENT_ROLE, Role.CADRE, 1, duration=10
            ),
            StepPlan("评选结果公示", StepKind.NOTICE, duration=5, notice=5),
            StepPlan("表彰公布"),
        ),
    ),
    TemplatePlan(
        "8.1",
        "困难妇女儿童专项救助",
        "家儿部",
        False,
        False,
        4,
        (
            StepPlan(
                "填写申请救助登记审批表",
                actor_kind=ActorKind.ORG_ROLE,
                role_code=Role.CADRE,
                documents=("申请救助登记审批表", "相关证明材料"),
            ),
            StepPlan("街镇妇联审核盖章", StepKind.REVIEW, ActorKind.PARENT_ROLE, Role.CADRE, 1),
            StepPlan("报区妇联家儿部"),
            StepPlan("党组会议审核", StepKind.REVIEW, ActorKind.PARTY, Role.PARTY_APPROVER),
            StepPlan("给予救助"),
        ),
    ),
    TemplatePlan(
        "6.1",
        "开展妇女法治宣传教育",
        "权益部",
        True,
        False,
        2,
        (
            StepPlan("制定年度工作计划", duration=10),
            StepPlan("组织实施", duration=60),
            StepPlan("总结自评", duration=10),
        ),
    ),
    TemplatePlan(
        "6.2",
        "妇女来信来访来电事项",
        "权益部",
        False,
        False,
        6,
        (
            StepPlan("登记受理", duration=3),
            StepPlan("交办转送", duration=3),
            StepPlan("办理答复", duration=15),
            StepPlan("回访归档", duration=5),
        ),
    ),
    TemplatePlan(
        "11.1",
        "基层妇联换届选举",
        "组织部",
        False,
        False,
        1,
        (
            StepPlan("请示召开妇女代表大会", StepKind.REVIEW, ActorKind.PARTY, Role.PARTY_APPROVER),
            StepPlan(
                "召开妇女代表大会", StepKind.MEETING, ActorKind.ORG_ROLE, Role.CADRE, duration=20
            ),
            StepPlan("召开执委会选举主席、副主席", StepKind.MEETING, duration=10),
        ),
    ),
    TemplatePlan(
        "4.1",
        "开展“巾帼建功”活动",
        "发展部",
        True,
        False,
        2,
        (
            StepPlan("制订方案"),
            StepPlan("下发通知", duration=3),
            StepPlan("组织评选", StepKind.REVIEW, duration=15),
            StepPlan("颁奖表彰"),
        ),
    ),
)

# Of every 100 cases: finished, cancelled, open and overdue, open in time.
STATE_SHARES = (("finished", 38), ("cancelled", 4), ("overdue", 10), ("open", 48))
# Where the work is done: the county itself, a township, a village.
LEVEL_SHARES = ((Level.COUNTY, 45), (Level.TOWNSHIP, 30), (Level.VILLAGE, 25))


class Calendar:
    """Working days between two dates, looked up once (overrides included), so a
    deadline is a list index instead of a walk with queries."""

    def __init__(self, start: dt.date, end: dt.date):
        overrides = _overrides(start, end)
        self.days = [
            start + dt.timedelta(n)
            for n in range((end - start).days + 1)
            if is_workday(start + dt.timedelta(n), overrides)
        ]

    def index(self, day: dt.date) -> int:
        """Index of the last working day on or before ``day``."""
        return bisect.bisect_right(self.days, day) - 1

    def __getitem__(self, index: int) -> dt.date:
        return self.days[index]


class Planner:
    """Dates and states of one case's steps."""

    def __init__(self, calendar: Calendar, today: dt.date, rng: random.Random):
        self.calendar = calendar
        self.rng = rng
        self.t = calendar.index(today)

    def chain(self, steps: tuple[StepPlan, ...], state: str):
        """(index of the current step or None, [(activated, due, completed or None)]) in
        working-day indexes."""
        rng, n = self.rng, len(steps)

        def length(step):
            return step.notice + 1 if step.kind == StepKind.NOTICE else step.duration

        if state == "finished":
            took = [
                length(s) if s.kind == StepKind.NOTICE else rng.randint(1, length(s) + 2)
                for s in steps
            ]
            day = self.t - sum(took) - rng.randint(1, 300)
            dates = []
            for step, days in zip(steps, took, strict=True):
                dates.append((day, day + length(step), day + days))
                day += days
            return None, dates
        current = rng.randrange(n)
        step = steps[current]
        if state == "overdue":
            activated = self.t - length(step) - rng.randint(1, 25)
        else:
            activated = self.t - rng.randint(0, length(step) - 1)
        dates = [(activated, activated + length(step), None)]
        day = activated
        for previous in reversed(steps[:current]):
            took = rng.randint(1, length(previous) + 2)
            dates.insert(0, (day - took, day - took + length(previous), day))
            day -= took
        return current, dates
