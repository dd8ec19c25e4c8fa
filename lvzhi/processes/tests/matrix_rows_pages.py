"""Rows of the authorization matrix for the processes pages (appended to MATRIX by the
lead as ``PROCESS_PAGE_ROWS``).

Each target organization gets, the first time a row asks, with the ORM (no audit): a
department 矩阵部; a recurring template whose published version 1 has one step done by
that department and whose draft version 2 has one step; an open case of the template
with that step active and one stored attachment; and a second case whose only step, a
review, is routed to the party approver of the organization's parent (``routed_of``).

What each role of the world (all at 新河街道妇联, the ``own`` organization) sees:

- cadre (with the subtree): reads and writes cases, templates and department pages of
  her organization and the ones below it; a department's step of those cases is hers
  too (a cadre acts for her organizations' departments), a step routed to another role
  is not (403).
- department_staff: the world's staff holds her role at 新河 *without a department*
  and only there, so no department narrowing applies: she reads her organization's
  cases, templates and department pages, nothing else; she creates and changes
  nothing (404), and a department's step is not routed to her (routing to department
  staff goes by their department), so a transition or an upload on her organization's
  case answers 403 and writes nothing. (Department narrowing itself, a user with a
  department seeing only its cases, is tested in test_pages_cases.py.)
- member: reads her organization's cases and templates only; writes nothing.
- party_approver: like a member, plus the case of the organization below hers whose
  review is routed to her role at her organization — a reviewer at the parent reads
  (and approves) the cases whose steps are routed to her, and no others.
- anonymous: every page sends her to the login page.

The upload rows post no file: who may upload gets the form back with "请选择文件"
(200), so the matrix stores nothing; the attachment row's file goes to the test's own
temporary media folder (root conftest), so nothing needs removing.
"""

import datetime as dt

from django.urls import reverse

from lvzhi.core.tests.matrix import named_url, page, page_submit, url
from lvzhi.core.tests.test_authorization_matrix import (
    CHANGE_SUBTREE_REDIRECT,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    REDIRECT,
    VIEW_SUBTREE,
    by_relation,
    cadres,
    readers,
    signed_in,
)
from lvzhi.processes.rules import STEPLEN

PDF = b"%PDF-1.4\n% matrix\n%%EOF\n"
TODAY = dt.date(2026, 11, 30)
# a visible case whose step is not routed to the user: 403; out of scope: 404
OWN_FORBIDDEN = by_relation(FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND)
SUBTREE_FORBIDDEN = by_relation(FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN)
ROUTED_TO_PARENT = by_relation(OK, NOT_FOUND, NOT_FOUND, OK)


def _department(o):
    from lvzhi.orgs.models import Department

    department, _ = Department.objects.get_or_create(
        organization=o, name="矩阵部", defaults={"org_path": o.path}
    )
    return department


def _case(o, template, version, title, **step):
    from lvzhi.processes.models import Case, CaseStep

    case = Case.objects.create(
        organization=o,
        org_path=o.path,
        template=template,
        version=version,
        item_number=template.item_number,
        title=title,
        year=2027,
        department=template.department,
        started_on=TODAY,
    )
    current = CaseStep.objects.create(
        case=case,
        org_path=o.path,
        order=1,
        status="active",
        activated_on=TODAY,
        due_on=TODAY + dt.timedelta(days=7),
        duration_workdays=5,
        revision=1,
        **step,
    )
    case.current_step = current
    case.stage = current.name
    case.current_due_on = current.due_on
    case.save()
    return case


def processes_of(o):
    """The template, its versions, the department and the case of ``o`` (built once)."""
    if getattr(o, "_processes", None) is None:
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        from lvzhi.processes.models import CaseAttachment, ProcessTemplate, StepDefinition

        department = _department(o)
        template = ProcessTemplate.objects.create(
            organization=o,
            org_path=o.path,
            name="矩阵评选",
            item_number="9.9",
            department=department,
            recurring=True,
        )
        published = template.versions.create(org_path=o.path, number=1, status="published")
        draft = template.versions.create(org_path=o.path, number=2, status="draft")
        for version in (published, draft):
            StepDefinition.objects.create(
                version=version,
                org_path=o.path,
                order=1,
                name="组织推报",
                actor_kind="department",
                department=department,
            )
        case = _case(
            o,
            template,
            published,
            "矩阵办件",
            name="组织推报",
            kind="action",
            actor_kind="department",
            actor_organization=o,
            actor_path=o.path,
            department=department,
        )
        name = default_storage.save("cases/matrix/推荐表.pdf", ContentFile(PDF))
        attachment = CaseAttachment.objects.create(
            case=case,
            step=case.current_step,
            org_path=o.path,
            slot="推荐表",
            file=name,
            original_name="推荐表.pdf",
            size=len(PDF),
        )
        o._processes = {
            "department": department,
            "template": template,
            "published": published,
            "draft": draft,
            "draft_step": draft.steps.get(),
            "case": case,
            "step": case.current_step,
            "attachment": attachment,
        }
    return o._processes


def routed_of(o):
    """A case of ``o`` whose review is routed to the party approver of ``o``'s parent."""
    if getattr(o, "_routed_case", None) is None:
        built = processes_of(o)
        from lvzhi.orgs.models import Organization

        parent = Organization.objects.get(path=o.path[:-STEPLEN])
        o._routed_case = _case(
            o,
            built["template"],
            built["published"],
            "矩阵上级审核",
            name="上级审核",
            kind="review",
            actor_kind="parent_role",
            actor_organization=parent,
            actor_path=parent.path,
            role_code="party_approver",
        )
    return o._routed_case


def _case_url(o):
    return reverse("processes:case", args=[processes_of(o)["case"].pk])


def _transition_url(case):
    return reverse("processes:case-transition", args=[case.pk, case.current_step_id])


def _step_form(o):
    return {
        "name": "组织推报（改）",
        "kind": "action",
        "actor_kind": "department",
        "department": processes_of(o)["department"].pk,
        "role_code": "",
        "levels_up": 1,
        "duration_workdays": 6,
        "notice_workdays": 0,
        "documents": "推荐表",
    }


def _year_plan(o):
    """The template's 2028 case to generate (2027's exists)."""
    processes_of(o)
    return {"year": 2028}


def _start_url(o):
    template = processes_of(o)["template"]
    return reverse("processes:case-start") + f"?organization={o.pk}&template={template.pk}"


CREATE_PAGE = cadres()
CHANGE_POST = cadres(CHANGE_SUBTREE_REDIRECT)
READ_OWN = readers()
ANY_USER = signed_in()

PROCESS_PAGE_ROWS = [
    page("processes inbox", named_url("processes:inbox"), ANY_USER),
    page("processes case list", named_url("processes:cases"), ANY_USER),
    page("processes overdue list", named_url("processes:overdue"), ANY_USER),
    page("processes case page", _case_url, READ_OWN),
    page(
        "processes case routed to the parent's party approver",
        url("processes:case", routed_of),
        {**READ_OWN, "party_approver": ROUTED_TO_PARENT},
    ),
    page("processes case start page", _start_url, CREATE_PAGE),
    page_submit(
        "processes case start",
        _start_url,
        CHANGE_POST,
        lambda o: {"title": "矩阵新办件", "year": 2027},
    ),
    page_submit(
        "processes complete a department's step",
        lambda o: _transition_url(processes_of(o)["case"]),
        readers(CHANGE_SUBTREE_REDIRECT, own=OWN_FORBIDDEN),
        lambda o: {"action": "complete", "revision": 1, "comment": "已完成"},
    ),
    page_submit(
        "processes approve a review routed to the parent's party approver",
        lambda o: _transition_url(routed_of(o)),
        readers(
            SUBTREE_FORBIDDEN,
            own=OWN_FORBIDDEN,
            party_approver=by_relation(FORBIDDEN, NOT_FOUND, NOT_FOUND, REDIRECT),
        ),
        lambda o: {"action": "approve", "revision": 1},
    ),
    # the form again: "请选择文件"
    # refused: writes nothing
    page_submit(
        "processes upload to a department's step",
        lambda o: reverse(
            "processes:case-upload",
            args=[processes_of(o)["case"].pk, processes_of(o)["step"].pk],
        ),
        readers(VIEW_SUBTREE, own=OWN_FORBIDDEN),
        lambda o: {"slot": ""},
        writes=False,
    ),
    # a file is served to no one unknown
    page(
        "processes attachment download",
        lambda o: reverse("processes:attachment", args=[processes_of(o)["attachment"].pk]),
        readers(anonymous=NOT_FOUND),
    ),
    page(
        "processes department page",
        lambda o: reverse("processes:department", args=[processes_of(o)["department"].pk]),
        READ_OWN,
    ),
    page(
        "processes year plan page",
        lambda o: reverse("processes:year-plan") + f"?organization={o.pk}",
        CREATE_PAGE,
    ),
    page_submit(
        "processes year plan generate",
        lambda o: reverse("processes:year-plan") + f"?organization={o.pk}",
        CHANGE_POST,
        _year_plan,
    ),
    page(
        "processes template list",
        lambda o: reverse("processes:templates") + f"?org={o.pk}",
        READ_OWN,
    ),
    page(
        "processes template page",
        lambda o: reverse("processes:template", args=[processes_of(o)["template"].pk]),
        READ_OWN,
    ),
    page_submit(
        "processes step edit",
        lambda o: reverse("processes:template-step-edit", args=[processes_of(o)["draft_step"].pk]),
        CHANGE_POST,
        _step_form,
    ),
    page_submit(
        "processes template publish",
        lambda o: reverse("processes:template-publish", args=[processes_of(o)["draft"].pk]),
        CHANGE_POST,
    ),
    page(
        "processes new template page",
        lambda o: reverse("processes:template-new") + f"?org={o.pk}",
        CREATE_PAGE,
    ),
    page_submit(
        "processes new template",
        lambda o: reverse("processes:template-new") + f"?org={o.pk}",
        CHANGE_POST,
        lambda o: {"name": "矩阵新模板", "department": processes_of(o)["department"].pk},
    ),
]
