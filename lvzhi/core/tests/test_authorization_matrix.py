"""The authorization matrix: every page and endpoint × role × relation → expected answer.

Relations are seen from a user placed at 新河街道妇联 (``own``): its sibling 大沽街道妇联,
its ancestor 滨海新区妇联 and its descendant 新河一社区妇联. Each module adds its rows to
``MATRIX``. Besides the status, ``lvzhi.core.tests.matrix.check_effect`` checks what each
request wrote: a denial nothing (no row added or removed, no audit event), an allowed
write its audit event and the object stored as asked.
"""

import copy
import json

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from lvzhi.core.tests.matrix import (  # noqa: F401  (the row files import them from here)
    BAD,
    CHANGE_SUBTREE_REDIRECT,
    CREATED,
    CREATED_SUBTREE,
    FORBIDDEN,
    LOGIN,
    NONE,
    NOT_FOUND,
    OK,
    REDIRECT,
    REFUSED_SUBTREE,
    RELATIONS,
    ROLES,
    UNAUTHORIZED,
    USER_ROLES,
    VIEW_OWN_ONLY,
    VIEW_SUBTREE,
    Row,
    by_relation,
    cadres,
    check_effect,
    everyone,
    readers,
    signed_in,
    snapshot,
)
from lvzhi.core.tests.trees import build_org_tree, create_user
from lvzhi.orgs import services


def org_form(o):
    return {
        "name": o.name + "（改）",
        "code": o.code,
        "kind": o.kind,
        "level": o.level,
        "is_active": "on",
    }


ORG = "/api/v1/orgs/organizations"

MATRIX = [
    Row("org detail page", "GET", lambda o: reverse("orgs:detail", args=[o.pk]), readers()),
    Row("org children (tree)", "GET", lambda o: reverse("orgs:children", args=[o.pk]), readers()),
    Row("org edit page", "GET", lambda o: reverse("orgs:edit", args=[o.pk]), cadres()),
    Row(
        "org edit submit",
        "POST",
        lambda o: reverse("orgs:edit", args=[o.pk]),
        cadres(CHANGE_SUBTREE_REDIRECT),
        data=org_form,
        writes=True,
    ),
    Row("new child org page", "GET", lambda o: reverse("orgs:create", args=[o.pk]), cadres()),
    Row("new person page", "GET", lambda o: reverse("orgs:person-create", args=[o.pk]), cadres()),
    Row(
        "new department submit",
        "POST",
        lambda o: reverse("orgs:department-create", args=[o.pk]),
        cadres(CHANGE_SUBTREE_REDIRECT),
        data=lambda o: {"name": "新部门", "sort_order": 1},
        writes=True,
    ),
    Row("person page", "GET", lambda o: reverse("orgs:person", args=[o.person.pk]), readers()),
    Row(
        "person edit page",
        "GET",
        lambda o: reverse("orgs:person-edit", args=[o.person.pk]),
        cadres(),
    ),
    Row(
        "reveal ID number",
        "POST",
        lambda o: reverse("orgs:person-reveal", args=[o.person.pk, "id_number"]),
        cadres(),
        data=lambda o: {"reason": "核对身份"},
        writes=True,
    ),
    Row("API organization", "GET", lambda o: f"{ORG}/{o.pk}/", readers(), api=True),
    Row(
        "API organization children",
        "GET",
        lambda o: f"{ORG}/{o.pk}/children/",
        readers(),
        api=True,
    ),
    Row(
        "API organization update",
        "PATCH",
        lambda o: f"{ORG}/{o.pk}/",
        cadres(),
        data=lambda o: {"address": "新地址"},
        api=True,
        writes=True,
    ),
    Row(
        "API new child organization",
        "POST",
        lambda o: f"{ORG}/",
        cadres(CREATED_SUBTREE),
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
        readers(),
        api=True,
    ),
    Row(
        "API reveal phone",
        "POST",
        lambda o: f"/api/v1/orgs/people/{o.person.pk}/reveal/",
        cadres(),
        data=lambda o: {"field": "phone", "reason": "电话回访"},
        api=True,
        writes=True,
    ),
    Row(
        "history page",
        "GET",
        lambda o: reverse("history", args=["orgs.person", o.person.pk]),
        cadres(),
    ),
]


def _module_rows():
    """Rows contributed by the modules, each kept beside its tests in a ``matrix_rows*.py``
    file holding one ``*_ROWS`` list. Found by name, so a new module adds its file and
    nothing here; a file without exactly one such list fails the collection."""
    import importlib
    from pathlib import Path

    import lvzhi

    rows = []
    for path in sorted(Path(lvzhi.__file__).parent.glob("*/tests/matrix_rows*.py")):
        name = ".".join(("lvzhi", path.parent.parent.name, "tests", path.stem))
        module = importlib.import_module(name)
        lists = [value for key, value in vars(module).items() if key.endswith("_ROWS")]
        assert len(lists) == 1, f"{name} 应恰好定义一个 *_ROWS 列表"
        rows.extend(lists[0])
    return rows


MATRIX.extend(_module_rows())


def _build_world():
    """Objects by relation (each with a person), and one user per role at 新河街道妇联."""
    tree = build_org_tree()
    admin = create_user("admin", is_superuser=True, is_staff=True)
    targets = {
        "own": tree.xinhe,
        "sibling": tree.dagu,
        "ancestor": tree.district,
        "descendant": tree.xinhe_1,
    }
    for relation, org in targets.items():
        org.person = services.person_create(
            actor=admin,
            organization=org,
            name=f"{relation}人员",
            gender="F",
            phone="13812345678",
        )
    users = {
        "cadre": create_user("m_cadre", "cadre", tree.xinhe),
        "department_staff": create_user(
            "m_staff", "department_staff", tree.xinhe, include_descendants=False
        ),
        "member": create_user("m_member", "member", tree.xinhe, include_descendants=False),
        "party_approver": create_user(
            "m_party", "party_approver", tree.xinhe, include_descendants=False
        ),
    }
    return targets, users


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """The world built once per module and worker, in a transaction rolled back at the end;
    each case runs in a savepoint inside it (as ``TestCase.setUpTestData`` does), so that
    5,000 cases do not build 5,000 trees."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        world = _build_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(matrix_world, db):
    """A copy per case: rows memoize the objects they create on their target (rolled back
    with the case), so a case never sees another's."""
    return copy.deepcopy(matrix_world)


def _cases():
    for row in MATRIX:
        for role in ROLES:
            for relation in RELATIONS:
                yield pytest.param(row, role, relation, id=f"{row.name}|{role}|{relation}")


def _request(client, row, url, data):
    call = getattr(client, row.method.lower())
    if row.method == "GET":
        return call(url, data, **row.extra) if not row.api else call(url, **row.extra)
    if row.api:
        return call(url, json.dumps(data), content_type="application/json", **row.extra)
    return call(url, data, **row.extra)


@pytest.mark.parametrize(("row", "role", "relation"), list(_cases()))
def test_matrix(client, world, row, role, relation):
    targets, users = world
    user = users.get(role)
    if user is not None:
        client.force_login(user)
    target = targets[relation]
    url = row.url(target)
    data = row.data(target) if row.data else {}
    before = snapshot(row)
    response = _request(client, row, url, data)
    expected = row.expected(role, relation)
    assert response.status_code == expected, (row.name, role, relation, response.status_code)
    check_effect(row, role, target, user, before, response, data)
    if user is not None and expected == NOT_FOUND:
        assert target.person.name.encode() not in response.content
        if relation != "own":  # her own organization is named in her navbar anyway
            assert target.name.encode() not in response.content
