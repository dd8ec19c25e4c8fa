"""Rows of the authorization matrix for the processes API (appended to MATRIX by the lead:
``from lvzhi.processes.tests.matrix_rows import PROCESS_API_ROWS``).

Each target organization gets, the first time a row asks, built with the ORM (no audit):
a department, a template with a published version and a draft (step 1 by the department,
step 2 a review by a cadre one level up), and an open case at the organization whose
step 1 is active.

Expectations follow the selectors' rules for the world's users at 新河街道妇联 (own):

- templates and versions are read through ``restrict(user, "view")``: the cadre (with
  descendants) reads own + descendant; department staff (the world's has no department,
  held without descendants), member and party approver read their own organization only;
  changes use ``restrict(user, "change")``, which only the cadre has (others: 404).
- cases are read through ``visible_cases``: the organization scope (an assignment with a
  department narrows to that department's cases; the world's staff has none, so she sees
  her organization's cases like the member and the party approver) plus cases with a step
  routed to the user. The sibling's and the ancestor's cases route nothing to 新河 (their
  reviews go to 滨海新区 and 天津市), so they answer 404 to everyone. Starting a case and the
  year plan need ``create`` at the organization; cancel, reopen and assign need ``change``.
- a transition needs the step to be routed to the user: the cadre acts for her
  organization's departments in her subtree (200); staff without a department, members and
  party approvers see their own case but are not routed its department step (403).
- attachments are posted as JSON without a file here: a case the user can see answers
  400 (the file is required), one she cannot see 404.
"""

import datetime as dt

from lvzhi.catalog.tests.matrix_rows_messages import published_item_of
from lvzhi.core.tests.matrix import CADRE_CREATES, CADRES, SIGNED_IN, VIEWERS, api_read, api_write
from lvzhi.core.tests.test_authorization_matrix import (
    BAD,
    FORBIDDEN,
    NOT_FOUND,
    REFUSED_SUBTREE,
    Row,
    by_relation,
    cadres,
    readers,
)

API = "/api/v1/processes"
# a visible case whose step is not routed to the user: 403; out of scope: 404
OWN_FORBIDDEN = by_relation(FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND)
OWN_REFUSED = by_relation(BAD, NOT_FOUND, NOT_FOUND, NOT_FOUND)


def _steps(version, o):
    from lvzhi.processes.models import StepDefinition

    StepDefinition.objects.bulk_create(
        [
            StepDefinition(version=version, org_path=o.path, order=1, name="办理"),
            StepDefinition(
                version=version,
                org_path=o.path,
                order=2,
                name="上级审核",
                kind="review",
                actor_kind="parent_role",
                role_code="cadre",
                levels_up=1,
            ),
        ]
    )


def process_of(o):
    """(template, published version, draft version, case) of ``o``."""
    if getattr(o, "_process", None) is None:
        from lvzhi.orgs.models import Department, Organization
        from lvzhi.processes.models import (
            Case,
            CaseStep,
            ProcessTemplate,
            ProcessTemplateVersion,
        )
        from lvzhi.processes.rules import ancestor_path

        department = Department.objects.create(organization=o, org_path=o.path, name="办件部")
        template = ProcessTemplate.objects.create(
            organization=o,
            org_path=o.path,
            name="矩阵流程",
            item_number="M1",
            department=department,
        )
        published = ProcessTemplateVersion.objects.create(
            template=template, org_path=o.path, number=1, status="published"
        )
        draft = ProcessTemplateVersion.objects.create(template=template, org_path=o.path, number=2)
        _steps(published, o)
        _steps(draft, o)
        today = dt.date(2026, 11, 30)
        case = Case.objects.create(
            organization=o,
            org_path=o.path,
            template=template,
            version=published,
            item_number="M1",
            title="矩阵办件",
            year=2026,
            department=department,
            stage="办理",
            started_on=today,
        )
        parent = Organization.objects.get(path=ancestor_path(o.path, 1))
        first = CaseStep.objects.create(
            case=case,
            org_path=o.path,
            order=1,
            name="办理",
            kind="action",
            actor_kind="department",
            actor_organization=o,
            actor_path=o.path,
            department=department,
            duration_workdays=5,
            status="active",
            activated_on=today,
            due_on=today + dt.timedelta(days=7),
            revision=1,
        )
        CaseStep.objects.create(
            case=case,
            org_path=o.path,
            order=2,
            name="上级审核",
            kind="review",
            actor_kind="parent_role",
            actor_organization=parent,
            actor_path=parent.path,
            role_code="cadre",
            duration_workdays=5,
        )
        case.current_step = first
        case.current_due_on = first.due_on
        case.save()
        o._process = (template, published, draft, case)
    return o._process


def template_of(o):
    return process_of(o)[0]


def draft_of(o):
    return process_of(o)[2]


def case_of(o):
    return process_of(o)[3]


def first_step(o):
    return case_of(o).steps.get(order=1)


def _transition(o):
    step = first_step(o)
    return {"step": step.pk, "action": "complete", "expected_revision": step.revision}


def _year_plan(o):
    """The body of a year plan that makes one case: the template recurs (ORM, no audit)."""
    from lvzhi.processes.models import ProcessTemplate

    ProcessTemplate.objects.filter(pk=template_of(o).pk).update(recurring=True)
    return {"organization": o.pk, "year": 2027}


def _row(name, method, url, expect, **kwargs):
    return Row(name, method, url, expect, api=True, **kwargs)


PROCESS_API_ROWS = [
    api_read("API process templates", lambda o: f"{API}/templates/", SIGNED_IN),
    api_read("API process template", lambda o: f"{API}/templates/{template_of(o).pk}/", VIEWERS),
    api_write(
        "API process template create",
        "POST",
        lambda o: f"{API}/templates/",
        CADRE_CREATES,
        lambda o: {"organization": o.pk, "name": "矩阵新流程"},
    ),
    api_write(
        "API process template update",
        "PATCH",
        lambda o: f"{API}/templates/{template_of(o).pk}/",
        CADRES,
        lambda o: {"recurring": True},
    ),
    # the template has a draft already: answered with it, nothing written
    # 200: the existing draft
    api_write(
        "API process template new draft",
        "POST",
        lambda o: f"{API}/templates/{template_of(o).pk}/new-draft/",
        CADRES,
        writes=False,
    ),
    api_read(
        "API process template version (draft)",
        lambda o: f"{API}/template-versions/{draft_of(o).pk}/",
        VIEWERS,
    ),
    api_write(
        "API process draft steps replace",
        "PUT",
        lambda o: f"{API}/template-versions/{draft_of(o).pk}/steps/",
        CADRES,
        lambda o: {"steps": [{"name": "办理"}, {"name": "归档"}]},
    ),
    api_write(
        "API process draft publish",
        "POST",
        lambda o: f"{API}/template-versions/{draft_of(o).pk}/publish/",
        CADRES,
    ),
    api_write(
        "API process template of a catalog item",
        "POST",
        lambda o: f"{API}/items/{published_item_of(o).pk}/template/",
        CADRES,
    ),
    api_read("API process cases", lambda o: f"{API}/cases/", SIGNED_IN),
    api_read("API process case", lambda o: f"{API}/cases/{case_of(o).pk}/", VIEWERS),
    api_read(
        "API process case timeline", lambda o: f"{API}/cases/{case_of(o).pk}/timeline/", VIEWERS
    ),
    api_write(
        "API process case start",
        "POST",
        lambda o: f"{API}/cases/",
        CADRE_CREATES,
        lambda o: {"template": template_of(o).pk, "organization": o.pk, "title": "新办件"},
    ),
    api_write(
        "API process case transition",
        "POST",
        lambda o: f"{API}/cases/{case_of(o).pk}/transitions/",
        readers(own=OWN_FORBIDDEN),
        _transition,
    ),
    api_write(
        "API process case attachment without a file",
        "POST",
        lambda o: f"{API}/cases/{case_of(o).pk}/attachments/",
        readers(REFUSED_SUBTREE, own=OWN_REFUSED),
        lambda o: {"step": first_step(o).pk, "slot": "材料"},
    ),
    api_write(
        "API process case cancel",
        "POST",
        lambda o: f"{API}/cases/{case_of(o).pk}/cancel/",
        CADRES,
        lambda o: {"reason": "矩阵测试"},
    ),
    api_write(
        "API process case reopen (an open case: refused)",
        "POST",
        lambda o: f"{API}/cases/{case_of(o).pk}/reopen/",
        cadres(REFUSED_SUBTREE),
        lambda o: {"reason": "矩阵测试"},
    ),
    api_write(
        "API process case assign",
        "POST",
        lambda o: f"{API}/cases/{case_of(o).pk}/assign/",
        CADRES,
        lambda o: {"assignee": None},
    ),
    api_read("API process inbox", lambda o: f"{API}/inbox/", SIGNED_IN),
    api_write("API process year plan", "POST", lambda o: f"{API}/year-plan/", CADRES, _year_plan),
]
