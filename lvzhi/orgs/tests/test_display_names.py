"""People, not logins: ``display_names`` and the history page.

A user linked to a person shows as 姓名（单位 职务）; without a person, her full name; the
login name only to platform administrators; many users resolve in a fixed number of
queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.orgs import services
from lvzhi.orgs.models import Department, Person, Position, Title
from lvzhi.orgs.selectors import display_names, is_platform_admin

pytestmark = pytest.mark.django_db


def _seat(user, org, name, title=Title.CHAIR):
    person = Person.objects.create(organization=org, org_path=org.path, name=name, user=user)
    Position.objects.create(
        person=person,
        organization=org,
        org_path=org.path,
        title=title,
        start_date=dt.date(2024, 1, 1),
    )
    return person


def _short(org):
    return org.short_name or org.name


def test_names_posts_and_logins(org_tree, make_user, admin_user):
    chair = make_user("xh_chair", "cadre", org_tree.xinhe)
    _seat(chair, org_tree.xinhe, "王芳")
    named = make_user("named", "cadre", org_tree.xinhe, first_name="丽", last_name="李")
    bare = make_user("bare", "cadre", org_tree.xinhe)
    viewer = make_user("viewer", "cadre", org_tree.district)
    names = display_names([chair, named.pk, bare, None], viewer)
    assert names[chair.pk] == f"王芳（{_short(org_tree.xinhe)} 主席）"
    assert names[named.pk] == "李丽"
    assert names[bare.pk] == "未登记姓名的账号"
    assert "xh_chair" not in " ".join(names.values())
    platform = make_user("platform", "platform_admin", org_tree.district)
    for admin in (admin_user, platform):
        shown = display_names([chair, bare], admin)
        assert shown[chair.pk] == f"王芳（{_short(org_tree.xinhe)} 主席） · xh_chair"
        assert shown[bare.pk] == "bare"


def test_many_users_in_fixed_queries(org_tree, make_user, django_assert_max_num_queries):
    viewer = make_user("viewer", "cadre", org_tree.district)
    users = []
    for i in range(12):
        user = make_user(f"u{i}", "cadre", org_tree.xinhe)
        _seat(user, org_tree.xinhe, f"执委{i}", Title.MEMBER)
        users.append(user)
    is_platform_admin(viewer)  # the viewer's roles, loaded once per request
    with django_assert_max_num_queries(3):
        names = display_names(users, viewer)
    assert names[users[5].pk] == f"执委5（{_short(org_tree.xinhe)} 执委）"


def test_history_page_shows_people(client, org_tree, make_user):
    department = Department.objects.filter(organization=org_tree.xinhe).first() or (
        Department.objects.create(
            organization=org_tree.xinhe, org_path=org_tree.xinhe.path, name="宣传部"
        )
    )
    editors = []
    for i in range(3):
        user = make_user(f"editor{i}", "cadre", org_tree.xinhe)
        _seat(user, org_tree.xinhe, f"编辑{i}")
        editors.append(user)
    viewer = make_user("viewer", "cadre", org_tree.district)
    client.force_login(viewer)
    url = reverse("history", args=["orgs.department", department.pk])

    def page():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return response.content.decode(), len(captured)

    services.department_update(actor=editors[0], department=department, name="甲")
    html, one = page()
    assert f"编辑0（{_short(org_tree.xinhe)} 主席）" in html and "editor0" not in html
    for i, editor in enumerate(editors[1:], 1):
        services.department_update(actor=editor, department=department, name=f"乙{i}")
    html, many = page()
    assert "编辑2" in html and "editor2" not in html
    assert many == one
