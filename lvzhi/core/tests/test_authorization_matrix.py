"""The authorization matrix: every page and endpoint × role × relation → expected answer.

Relations are seen from a user placed at 新河街道妇联 (``own``): its sibling 大沽街道妇联,
its ancestor 滨海新区妇联 and its descendant 新河一社区妇联. Each module adds its rows to
``MATRIX``; a denial must leave no trace (no row written, no audit event).
"""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from lvzhi.core.models import AuditEvent
from lvzhi.orgs import services
from lvzhi.orgs.models import Person

RELATIONS = ("own", "sibling", "ancestor", "descendant")
ROLES = ("cadre", "department_staff", "member", "party_approver", "anonymous")
OK, REDIRECT, NOT_FOUND, FORBIDDEN, UNAUTHORIZED = 200, 302, 404, 403, 401


@dataclass
class Row:
    name: str
    method: str
    url: object  # callable(objects) -> url
    expect: dict  # role -> {relation: status} or a status for every relation
    data: object = None  # callable(objects) -> request body
    api: bool = False
    writes: bool = False
    extra: dict = field(default_factory=dict)


def by_relation(own, sibling, ancestor, descendant):
    return dict(own=own, sibling=sibling, ancestor=ancestor, descendant=descendant)


VIEW_SUBTREE = by_relation(OK, NOT_FOUND, NOT_FOUND, OK)
VIEW_OWN_ONLY = by_relation(OK, NOT_FOUND, NOT_FOUND, NOT_FOUND)
CHANGE_SUBTREE_REDIRECT = by_relation(REDIRECT, NOT_FOUND, NOT_FOUND, REDIRECT)
NONE = NOT_FOUND
LOGIN = REDIRECT  # pages send anonymous users to the login page


def org_form(o):
    return {
        "name": o.name + "（改）",
        "code": o.code,
        "kind": o.kind,
        "level": o.level,
        "is_active": "on",
    }


MATRIX = [
    Row(
        "org detail page",
        "GET",
        lambda o: reverse("orgs:detail", args=[o.pk]),
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": VIEW_OWN_ONLY,
            "member": VIEW_OWN_ONLY,
            "party_approver": VIEW_OWN_ONLY,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "org children (tree)",
        "GET",
        lambda o: reverse("orgs:children", args=[o.pk]),
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": VIEW_OWN_ONLY,
            "member": VIEW_OWN_ONLY,
            "party_approver": VIEW_OWN_ONLY,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "org edit page",
        "GET",
        lambda o: reverse("orgs:edit", args=[o.pk]),
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "org edit submit",
        "POST",
        lambda o: reverse("orgs:edit", args=[o.pk]),
        {
            "cadre": CHANGE_SUBTREE_REDIRECT,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
        data=org_form,
        writes=True,
    ),
    Row(
        "new child org page",
        "GET",
        lambda o: reverse("orgs:create", args=[o.pk]),
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "new person page",
        "GET",
        lambda o: reverse("orgs:person-create", args=[o.pk]),
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "new department submit",
        "POST",
        lambda o: reverse("orgs:department-create", args=[o.pk]),
        {
            "cadre": CHANGE_SUBTREE_REDIRECT,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
        data=lambda o: {"name": "新部门", "sort_order": 1},
        writes=True,
    ),
    Row(
        "person page",
        "GET",
        lambda o: reverse("orgs:person", args=[o.person.pk]),
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": VIEW_OWN_ONLY,
            "member": VIEW_OWN_ONLY,
            "party_approver": VIEW_OWN_ONLY,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "person edit page",
        "GET",
        lambda o: reverse("orgs:person-edit", args=[o.person.pk]),
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "reveal ID number",
        "POST",
        lambda o: reverse("orgs:person-reveal", args=[o.person.pk, "id_number"]),
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
        data=lambda o: {"reason": "核对身份"},
        writes=True,
    ),
    Row(
        "API organization",
        "GET",
        lambda o: f"/api/v1/orgs/organizations/{o.pk}/",
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": VIEW_OWN_ONLY,
            "member": VIEW_OWN_ONLY,
            "party_approver": VIEW_OWN_ONLY,
            "anonymous": UNAUTHORIZED,
        },
        api=True,
    ),
    Row(
        "API organization children",
        "GET",
        lambda o: f"/api/v1/orgs/organizations/{o.pk}/children/",
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": VIEW_OWN_ONLY,
            "member": VIEW_OWN_ONLY,
            "party_approver": VIEW_OWN_ONLY,
            "anonymous": UNAUTHORIZED,
        },
        api=True,
    ),
    Row(
        "API organization update",
        "PATCH",
        lambda o: f"/api/v1/orgs/organizations/{o.pk}/",
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": UNAUTHORIZED,
        },
        data=lambda o: {"address": "新地址"},
        api=True,
        writes=True,
    ),
    Row(
        "API new child organization",
        "POST",
        lambda o: "/api/v1/orgs/organizations/",
        {
            "cadre": by_relation(201, NOT_FOUND, NOT_FOUND, 201),
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": UNAUTHORIZED,
        },
        data=lambda o: {
            "parent": o.pk,
            "name": "新建妇女小组",
            "code": f"NEW-{o.pk}",
            "kind": "women_group",
        },
        api=True,
        writes=True,
    ),
    Row(
        "API person",
        "GET",
        lambda o: f"/api/v1/orgs/people/{o.person.pk}/",
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": VIEW_OWN_ONLY,
            "member": VIEW_OWN_ONLY,
            "party_approver": VIEW_OWN_ONLY,
            "anonymous": UNAUTHORIZED,
        },
        api=True,
    ),
    Row(
        "API reveal phone",
        "POST",
        lambda o: f"/api/v1/orgs/people/{o.person.pk}/reveal/",
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": UNAUTHORIZED,
        },
        data=lambda o: {"field": "phone", "reason": "电话回访"},
        api=True,
        writes=True,
    ),
    Row(
        "history page",
        "GET",
        lambda o: reverse("history", args=["orgs.person", o.person.pk]),
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
    ),
]


MODULE_ROWS = (
    "lvzhi.catalog.tests.matrix_rows.CATALOG_ROWS",
    "lvzhi.catalog.tests.matrix_rows_exports.EXPORT_ROWS",
    "lvzhi.catalog.tests.matrix_rows_messages.MESSAGE_ROWS",
    "lvzhi.processes.tests.matrix_rows_pages.PROCESS_PAGE_ROWS",
    "lvzhi.processes.tests.matrix_rows.PROCESS_API_ROWS",
    "lvzhi.members.tests.matrix_rows_profiles.PROFILE_ROWS",
    "lvzhi.members.tests.matrix_rows_changes.CHANGE_ROWS",
    "lvzhi.members.tests.matrix_rows_meetings.MEETING_ROWS",
    "lvzhi.members.tests.matrix_rows_activities.ACTIVITY_ROWS",
    "lvzhi.members.tests.matrix_rows_compliance.COMPLIANCE_ROWS",
    "lvzhi.core.tests.matrix_rows_files.FILE_ROWS",
    "lvzhi.orgs.tests.matrix_rows_pii.PII_ROWS",
    "lvzhi.core.tests.matrix_rows_tokens.TOKEN_ROWS",
    "lvzhi.core.tests.matrix_rows_audit.AUDIT_ROWS",
    "lvzhi.core.tests.matrix_rows_auth.AUTH_ROWS",
    "lvzhi.core.tests.matrix_rows_jobs.JOB_ROWS",
    "lvzhi.dashboards.tests.matrix_rows.WORKBENCH_ROWS",
    "lvzhi.ledger.tests.matrix_rows_ledger.LEDGER_ROWS",
    "lvzhi.core.tests.matrix_rows_list_exports.LIST_EXPORT_ROWS",
    "lvzhi.grassroots.tests.matrix_rows_grassroots.GRASSROOTS_ROWS",
)


def _module_rows():
    """Rows contributed by later modules (each keeps its own list beside its tests)."""
    from django.utils.module_loading import import_string

    return [row for name in MODULE_ROWS for row in import_string(name)]


MATRIX.extend(_module_rows())


@pytest.fixture
def world(org_tree, make_user, admin_user):
    """Objects by relation (each with a person), and one user per role at 新河街道妇联."""
    targets = {
        "own": org_tree.xinhe,
        "sibling": org_tree.dagu,
        "ancestor": org_tree.district,
        "descendant": org_tree.xinhe_1,
    }
    for relation, org in targets.items():
        org.person = services.person_create(
            actor=admin_user,
            organization=org,
            name=f"{relation}人员",
            gender="F",
            phone="13812345678",
        )
    users = {
        "cadre": make_user("m_cadre", "cadre", org_tree.xinhe),
        "department_staff": make_user(
            "m_staff", "department_staff", org_tree.xinhe, include_descendants=False
        ),
        "member": make_user("m_member", "member", org_tree.xinhe, include_descendants=False),
        "party_approver": make_user(
            "m_party", "party_approver", org_tree.xinhe, include_descendants=False
        ),
    }
    return targets, users


def _expected(row, role, relation):
    spec = row.expect[role]
    return spec[relation] if isinstance(spec, dict) else spec


def _cases():
    for row in MATRIX:
        for role in ROLES:
            for relation in RELATIONS:
                yield pytest.param(row, role, relation, id=f"{row.name}|{role}|{relation}")


@pytest.mark.parametrize(("row", "role", "relation"), list(_cases()))
def test_matrix(client, world, row, role, relation):
    targets, users = world
    if role != "anonymous":
        client.force_login(users[role])
    target = targets[relation]
    url = row.url(target)
    data = row.data(target) if row.data else {}
    audit_before = AuditEvent.objects.count()
    people_before = Person.objects.count()
    if row.api:
        import json

        body = json.dumps(data) if row.method != "GET" else None
        response = (
            getattr(client, row.method.lower())(url, body, content_type="application/json")
            if body
            else client.get(url)
        )
    else:
        response = getattr(client, row.method.lower())(url, data)
    expected = _expected(row, role, relation)
    assert response.status_code == expected, (row.name, role, relation, response.status_code)
    if expected in (NOT_FOUND, FORBIDDEN, UNAUTHORIZED) or (
        expected == REDIRECT and role == "anonymous"
    ):
        assert AuditEvent.objects.count() == audit_before, "a denial must not write"
        assert Person.objects.count() == people_before
        if role != "anonymous" and expected == NOT_FOUND:
            assert target.person.name.encode() not in response.content
            if relation != "own":  # her own organization is named in her navbar anyway
                assert target.name.encode() not in response.content
