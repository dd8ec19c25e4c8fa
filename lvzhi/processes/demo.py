"""Process demo data for `lvzhi demo`, after the seed catalogs are published: first the
templates of their items (derived here, as ``catalog_version_publish`` does, because
lvzhi.catalog.demo publishes with the catalog's own service).

The district federation's cadre reviews and publishes a few templates of the women's
catalog, the way she would in the pages:

- 3.2 评选表彰三八红旗手（集体）: the review goes to the parent organization (天津市妇联),
  a public-notice step is added after it, the template is public and recurring;
- 8.1 困难妇女儿童专项救助: the application is made at the village (community), reviewed
  by the township federation, sent to the district's 家儿部 and decided by the district
  (village → township → district);
- 6.1 / 8.2 (权益部, yearly) and 11.1 (a township's general election, asked of its party
  organization first).

Then a handful of cases at different stages, dated back over the last weeks: this
year's plan (3.2 in its public notice, 6.1 overdue, 8.2 being carried out), an 8.1 case
finished, one waiting for the township's review and one, opened by the village chair of
欣嘉园社区 (cun_chair), overdue at her own step, and 11.1 waiting for the party
organization. Each demo account has something in its inbox: quanyi_staff (权益部) the
yearly work, xinhe_cadre the township review, party_approver the party step, bh_cadre the
district's department steps.

Idempotent: a template already published is left as it is, a case is made only when no
case of its template and organization has its title, so a second run creates nothing.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max

from lvzhi.catalog.demo import SEED_CATALOGS
from lvzhi.catalog.models import CatalogVersion
from lvzhi.core.periods import CHINA_TZ, today_local
from lvzhi.core.workdays import is_workday
from lvzhi.orgs.models import Department, Organization

from . import services
from .models import Case, CaseEvent, CaseStep, ProcessTemplate, VersionStatus

DISTRICT = "BH-FL"
TOWNSHIP = "BH-FL-006"  # 新河街道
VILLAGE = "BH-FL-006-01"  # 新河庄社区
OTHER_VILLAGE = "BH-FL-006-02"  # 欣嘉园社区
RECURRING = ("3.2", "6.1", "8.2")
UNION = "BH-GH"
UNION_BRANCH = "BH-GH-05"  # 中塘镇联合工会
UNION_ITEM = "7.4"  # 负责全区工会系统困难帮扶救助工作


def _derive_seed_templates(actor) -> None:
    """Derive the templates of the published seed catalogs that have none yet."""
    versions = CatalogVersion.objects.filter(
        status="published", catalog__organization__code__in=[c for c, _ in SEED_CATALOGS]
    ).exclude(items__process_templates__isnull=False)
    for version in versions.distinct():
        services.templates_for_version(actor=actor, version=version)


def _users() -> dict:
    User = get_user_model()
    names = ("admin", "bh_cadre", "xinhe_cadre", "quanyi_staff", "party_approver")
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _back(today: dt.date, workdays: int) -> dt.date:
    """The working day ``workdays`` working days before ``today``."""
    day = today
    while workdays:
        day -= dt.timedelta(days=1)
        if is_workday(day):
            workdays -= 1
    return day


def _file(name: str) -> SimpleUploadedFile:
    text = f"演示材料：{name}\n（样例文件，不含真实个人信息）\n"
    return SimpleUploadedFile(f"{name}.txt", text.encode("utf-8"), "text/plain")


class _Clock:
    """Dates the timeline of a demo case: what a service records now is moved to the
    (earlier) day the demo says it happened."""

    def __init__(self):
        self.minute = 0

    def at(self, case: Case, day: dt.date, since_event: int) -> None:
        self.minute += 7
        when = dt.datetime.combine(day, dt.time(9, 0), tzinfo=CHINA_TZ) + dt.timedelta(
            minutes=self.minute % 480
        )
        CaseEvent.objects.filter(case=case, pk__gt=since_event).update(created_at=when)
        CaseStep.objects.filter(case=case, completed_at__gt=when).update(completed_at=when)
        Case.objects.filter(pk=case.pk, finished_at__gt=when).update(finished_at=when)
        case.attachments.filter(created_at__gt=when).update(created_at=when)


def _last_event() -> int:
    return CaseEvent.objects.aggregate(m=Max("id"))["m"] or 0


def _publish(actor, template: ProcessTemplate, edit=None, **template_fields) -> bool:
    """Edit the draft (``edit(draft)``) and publish it, unless a version is published."""
    if template.versions.filter(status=VersionStatus.PUBLISHED).exists():
        return False
    if template_fields:
        services.template_update(actor=actor, template=template, **template_fields)
    draft = template.versions.get(status=VersionStatus.DRAFT)
    if edit is not None:
        edit(draft)
    services.version_publish(actor=actor, version=draft)
    return True


def _templates(cadre, district: Organization) -> dict[str, ProcessTemplate]:
    templates = {
        t.item_number: t
        for t in ProcessTemplate.objects.filter(
            organization=district, item_number__in=("3.2", "8.1", "6.1", "8.2", "11.1")
        )
    }
    if len(templates) < 5:
        return {}
    family = Department.objects.filter(organization=district, name="家儿部").first()

    def women_32(draft):
        steps = {s.order: s for s in draft.steps.all()}
        services.step_update(actor=cadre, step=steps[2], duration_workdays=25)
        services.step_update(
            actor=cadre,
            step=steps[3],
            actor_kind="parent_role",
            role_code="cadre",
            levels_up=1,
            duration_workdays=15,
        )
        services.step_add(
            actor=cadre,
            version=draft,
            name="评选结果公示",
            after=3,
            kind="notice",
            notice_workdays=5,
        )

    def women_81(draft):
        services.steps_replace(
            actor=cadre,
            version=draft,
            steps=[
                {
                    "name": "申请救助者如实填写《申请救助登记审批表》，同时提交相关证明材料",
                    "actor_kind": "org_role",
                    "role_code": "cadre",
                    "documents": [
                        {"name": "申请救助登记审批表", "required": True},
                        {"name": "相关证明材料", "required": True},
                    ],
                },
                {
                    "name": "社区（村）、街镇妇联逐级审核批准盖章",
                    "kind": "review",
                    "actor_kind": "parent_role",
                    "role_code": "cadre",
                    "levels_up": 1,
                },
                {"name": "报区妇联家儿部", "department": family},
                {
                    "name": "提交滨海新区妇联党组会议审核通过",
                    "kind": "review",
                    "actor_kind": "parent_role",
                    "role_code": "cadre",
                    "levels_up": 2,
                    "duration_workdays": 10,
                },
                {"name": "给予救助", "department": family},
            ],
        )

    def yearly(draft):
        steps = {s.order: s for s in draft.steps.all()}
        services.step_update(actor=cadre, step=steps[1], duration_workdays=5)
        services.step_update(actor=cadre, step=steps[2], duration_workdays=120)
        services.step_update(actor=cadre, step=steps[3], duration_workdays=10)

    def women_111(draft):
        steps = {s.order: s for s in draft.steps.all()}
        services.step_update(
            actor=cadre,
            step=steps[1],
            kind="review",
            actor_kind="party",
            documents=[{"name": "召开妇女代表大会的请示", "required": True}],
        )
        for order in (2, 3):
            services.step_update(
                actor=cadre,
                step=steps[order],
                kind="meeting",
                actor_kind="org_role",
                role_code="cadre",
                documents=[],
                duration_workdays=20,
            )

    _publish(cadre, templates["3.2"], women_32, recurring=True, is_public=True)
    _publish(cadre, templates["8.1"], women_81)
    _publish(cadre, templates["6.1"], yearly, recurring=True)
    _publish(cadre, templates["8.2"], yearly, recurring=True)
    _publish(cadre, templates["11.1"], women_111)
    return {number: ProcessTemplate.objects.get(pk=t.pk) for number, t in templates.items()}


def _union_template(cadre, union: Organization) -> ProcessTemplate | None:
    """7.4 of the union catalog, published by the union's cadre (once)."""
    template = ProcessTemplate.objects.filter(organization=union, item_number=UNION_ITEM).first()
    if template is None:
        return None

    def hardship(draft):
        services.steps_replace(
            actor=cadre,
            version=draft,
            steps=[
                {
                    "name": "基层工会受理困难职工帮扶申请，入户核实家庭情况",
                    "actor_kind": "org_role",
                    "role_code": "cadre",
                    "duration_workdays": 5,
                    "documents": [
                        {"name": "困难职工帮扶申请表", "required": True},
                        {"name": "家庭收入证明", "required": True},
                    ],
                },
                {
                    "name": "区总工会权益保障部审核",
                    "kind": "review",
                    "actor_kind": "parent_role",
                    "role_code": "cadre",
                    "levels_up": 1,
                    "duration_workdays": 10,
                },
                {
                    "name": "发放帮扶资金并回访",
                    "actor_kind": "parent_role",
                    "role_code": "cadre",
                    "levels_up": 1,
                    "duration_workdays": 10,
                },
            ],
        )

    _publish(cadre, template, hardship)
    return ProcessTemplate.objects.get(pk=template.pk)


class _Runner:
    """Starts a demo case and moves it on, each action on its own (earlier) day."""

    def __init__(self):
        self.clock = _Clock()
        self.created = 0

    def exists(self, template, organization, title) -> bool:
        return Case.objects.filter(
            template=template, organization=organization, title=title
        ).exists()

    def start(self, actor, template, organization, title, day, **extra) -> Case:
        mark = _last_event()
        case = services.case_start(
            actor=actor,
            template=template,
            organization=organization,
            title=title,
            today=day,
            **extra,
        )
        self.clock.at(case, day, mark)
        self.created += 1
        return case

    def act(self, actor, case, day, action="complete", comment="", documents=()) -> Case:
        case = Case.objects.get(pk=case.pk)
        mark = _last_event()
        services.step_transition(
            actor=actor,
            case=case,
            step_id=case.current_step_id,
            action=action,
            comment=comment,
            files=[(name, _file(name)) for name in documents],
            today=day,
        )
        self.clock.at(case, day, mark)
        return Case.objects.get(pk=case.pk)


def load_process_demo(today: dt.date | None = None) -> dict:
    """Publish the demo templates and start the demo cases (once); returns what was made."""
    today = today or today_local()
    users = _users()
    orgs = {
        o.code: o
        for o in Organization.objects.filter(code__in=(DISTRICT, TOWNSHIP, VILLAGE, OTHER_VILLAGE))
    }
    if len(users) < 5 or len(orgs) < 4:
        return {"templates": 0, "cases": 0}
    admin, cadre = users["admin"], users["bh_cadre"]
    township_cadre, staff = users["xinhe_cadre"], users["quanyi_staff"]
    district = orgs[DISTRICT]
    with transaction.atomic():
        _derive_seed_templates(admin)
        published_before = ProcessTemplate.objects.filter(
            organization=district, versions__status=VersionStatus.PUBLISHED
        ).count()
        templates = _templates(cadre, district)
        if not templates:
            return {"templates": 0, "cases": 0}
        published = (
            ProcessTemplate.objects.filter(
                organization=district, versions__status=VersionStatus.PUBLISHED
            ).count()
            - published_before
        )
        run = _Runner()
        back = {n: _back(today, n) for n in (2, 3, 4, 15, 18, 22, 26, 28, 30, 36, 38, 40)}

        # This year's plan, made six weeks ago.
        year = today.year
        plan = services.year_plan_generate(
            actor=cadre, organization=district, year=year, today=back[40]
        )
        run.created += len(plan["created"])
        for case in plan["created"]:
            run.clock.at(case, back[40], 0)
            if case.item_number == "3.2":  # now in its public notice
                case = run.act(cadre, case, back[38], comment="通知已印发各街镇妇联")
                case = run.act(
                    cadre,
                    case,
                    back[15],
                    comment="各街镇推报候选人12名、集体5个",
                    documents=("候选人登记表", "名单汇总表", "事迹材料"),
                )
                run.act(admin, case, back[3], "approve", comment="经市妇联审核，同意推荐人选")
            elif case.item_number == "8.2":  # being carried out
                run.act(staff, case, back[36], comment="年度工作计划已制定")
            # 6.1 stays at its first step, overdue.

        # 8.1 at a community: one finished, one waiting for the township's review.
        template = templates["8.1"]
        title = "滨海新区困难妇女儿童专项救助 — 李某"
        village = orgs[OTHER_VILLAGE]
        if not run.exists(template, village, title):
            case = run.start(township_cadre, template, village, title, back[30])
            case = run.act(
                township_cadre,
                case,
                back[28],
                comment="申请人已提交审批表和证明材料",
                documents=("申请救助登记审批表", "相关证明材料"),
            )
            case = run.act(township_cadre, case, back[26], "approve", comment="情况属实，同意上报")
            case = run.act(cadre, case, back[22], comment="家儿部已受理")
            case = run.act(cadre, case, back[18], "approve", comment="党组会议审核通过")
            run.act(cadre, case, back[15], comment="救助金已发放")
        title = "滨海新区困难妇女儿童专项救助 — 张某"
        village = orgs[VILLAGE]
        if not run.exists(template, village, title):
            case = run.start(township_cadre, template, village, title, back[4])
            run.act(
                township_cadre,
                case,
                back[3],
                comment="社区妇联已核实家庭情况",
                documents=("申请救助登记审批表", "相关证明材料"),
            )

        # 8.1 at 欣嘉园社区 opened by its chair three weeks ago: its first step (hers) is
        # still waiting for the applicant's papers, past its deadline.
        title = "滨海新区困难妇女儿童专项救助 — 王某"
        village = orgs[OTHER_VILLAGE]
        village_chair = get_user_model().objects.filter(username="cun_chair").first()
        if village_chair is not None and not run.exists(template, village, title):
            run.start(village_chair, template, village, title, back[15], assignee=village_chair)

        # 11.1 at the township: asking its party organization first.
        template = templates["11.1"]
        title = "新河街道妇联换届（第三次妇女代表大会）"
        township = orgs[TOWNSHIP]
        if not run.exists(template, township, title):
            run.start(township_cadre, template, township, title, back[2], assignee=township_cadre)
        # (its first step is routed to the township's party organization: party_approver)

        _union_cases(run, back)
    return {"templates": published, "cases": run.created}


def _union_cases(run: _Runner, back: dict) -> None:
    """The union's 困难职工帮扶 at 中塘镇联合工会: one finished, one waiting for the district
    union's review past its deadline."""
    cadre = get_user_model().objects.filter(username="gh_cadre").first()
    orgs = {o.code: o for o in Organization.objects.filter(code__in=(UNION, UNION_BRANCH))}
    if cadre is None or len(orgs) < 2:
        return
    template = _union_template(cadre, orgs[UNION])
    if template is None:
        return
    branch = orgs[UNION_BRANCH]
    papers = ("困难职工帮扶申请表", "家庭收入证明")
    title = "中塘镇困难职工帮扶 — 刘某"
    if not run.exists(template, branch, title):
        case = run.start(cadre, template, branch, title, back[40])
        case = run.act(cadre, case, back[38], comment="已入户核实", documents=papers)
        case = run.act(cadre, case, back[30], "approve", comment="符合帮扶条件")
        run.act(cadre, case, back[26], comment="帮扶金已发放，已回访")
    title = "中塘镇困难职工帮扶 — 赵某"
    if not run.exists(template, branch, title):
        case = run.start(cadre, template, branch, title, back[28])
        # the district union's review: ten working days, begun 26 working days ago
        run.act(cadre, case, back[26], comment="职工家庭因病致困，材料齐全", documents=papers)
