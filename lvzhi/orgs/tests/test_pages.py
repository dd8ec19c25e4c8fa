"""Organization and people pages through the Django test client."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.orgs import services
from lvzhi.orgs.models import Department, Organization, Person

GOOD_ID = "11010519491231002X"


@pytest.fixture
def cadre_client(client, org_tree, make_user):
    user = make_user("bh", "cadre", org_tree.district)
    client.force_login(user)
    client.user = user
    return client


def test_login_page_is_chinese_and_logs_in(client, org_tree, make_user):
    make_user("xh", "cadre", org_tree.xinhe)
    page = client.get(reverse("login"))
    assert "登录履职平台" in page.content.decode()
    response = client.post(reverse("login"), {"username": "xh", "password": "pass-1234"})
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.url == reverse("dashboards:workbench")


def test_login_throttled_after_failures(client, org_tree, make_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    make_user("victim", "cadre", org_tree.xinhe)
    for _ in range(2):
        assert (
            client.post(reverse("login"), {"username": "victim", "password": "x"}).status_code
            == 200
        )
    third = client.post(reverse("login"), {"username": "victim", "password": "x"})
    assert third.status_code == 429
    blocked = client.post(reverse("login"), {"username": "victim", "password": "pass-1234"})
    assert blocked.status_code == 429
    assert "登录失败次数过多" in blocked.content.decode()


def test_detail_shows_term_overdue_committee_and_units(cadre_client, org_tree):
    actor = cadre_client.user
    services.term_create(
        actor=actor,
        organization=org_tree.xinhe,
        number=2,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2025, 1, 1),
    )
    chair = services.person_create(
        actor=actor, organization=org_tree.xinhe, name="周红", gender="F"
    )
    services.position_create(
        actor=actor,
        person=chair,
        organization=org_tree.xinhe,
        title="chair",
        tenure="full_time",
        start_date=dt.date(2021, 1, 1),
    )
    body = cadre_client.get(reverse("orgs:detail", args=[org_tree.xinhe.pk])).content.decode()
    assert "逾期未换届" in body and "R-OR-08" in body
    assert "周红" in body and "专职" in body
    assert "新河一社区妇女联合会" in body  # sub-federation
    district = cadre_client.get(
        reverse("orgs:detail", args=[org_tree.district.pk])
    ).content.decode()
    assert "宣传部" in district and "权益部" in district
    xinhe_1 = cadre_client.get(reverse("orgs:detail", args=[org_tree.xinhe_1.pk])).content.decode()
    assert "新河一社区第一妇女小组" in xinhe_1


def test_tree_children_and_search(cadre_client, org_tree):
    tree = cadre_client.get(reverse("orgs:tree")).content.decode()
    assert "天津市滨海新区妇女联合会" in tree and "大沽街道妇女联合会" not in tree
    kids = cadre_client.get(reverse("orgs:children", args=[org_tree.district.pk])).content.decode()
    assert "新河街道妇女联合会" in kids and "大沽街道妇女联合会" in kids
    found = cadre_client.get(reverse("orgs:tree-search"), {"q": "大沽"}).content.decode()
    assert "大沽街道妇女联合会" in found and "新河" not in found
    outside = cadre_client.get(reverse("orgs:tree-search"), {"q": "总工会"}).content.decode()
    assert "滨海新区总工会" not in outside  # not in her scope


def test_org_create_form_errors_then_success(cadre_client, org_tree):
    url = reverse("orgs:create", args=[org_tree.xinhe.pk])
    bad = cadre_client.post(
        url, {"name": "", "code": "BH-XH-01", "kind": "local", "level": "village"}
    )
    body = bad.content.decode()
    assert bad.status_code == 200 and "该字段是必填项" in body and "组织代码已被使用" in body
    ok = cadre_client.post(
        url,
        {"name": "新河二社区妇女联合会", "code": "BH-XH-02", "kind": "local", "level": "village"},
    )
    assert ok.status_code == 302
    assert Organization.objects.get(code="BH-XH-02").depth == org_tree.xinhe.depth + 1


def test_person_form_history_masks_pii(cadre_client, org_tree):
    url = reverse("orgs:person-create", args=[org_tree.xinhe.pk])
    bad = cadre_client.post(url, {"name": "孙丽", "gender": "F", "id_number": "110105194912310021"})
    assert "校验位" in bad.content.decode()
    assert not Person.objects.exists()
    ok = cadre_client.post(
        url, {"name": "孙丽", "gender": "F", "id_number": GOOD_ID, "phone": "13812345678"}
    )
    person = Person.objects.get()
    assert ok.url == reverse("orgs:person", args=[person.pk])
    page = cadre_client.get(ok.url).content.decode()
    assert "**************002X" in page and GOOD_ID not in page and "13812345678" not in page
    assert "1949年" in page and "1949-12-31" not in page
    edit = reverse("orgs:person-edit", args=[person.pk])
    assert GOOD_ID not in cadre_client.get(edit).content.decode()
    cadre_client.post(
        edit, {"name": "孙丽", "gender": "F", "workplace": "新河小学", "phone": "13900001111"}
    )
    person.refresh_from_db()
    assert person.id_number == GOOD_ID  # left blank: kept
    assert person.phone == "13900001111"
    history = cadre_client.get(reverse("history", args=["orgs.person", person.pk])).content.decode()
    assert "新河小学" in history and "138****5678" in history and "139****1111" in history
    assert "工作单位及职务" in history and "workplace" not in history
    assert "13900001111" not in history


def test_photo_type_checked(cadre_client, org_tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("orgs:person-create", args=[org_tree.xinhe.pk])
    fake = SimpleUploadedFile("a.png", b"not an image", content_type="image/png")
    response = cadre_client.post(url, {"name": "刘", "gender": "F", "photo": fake})
    assert "图片" in response.content.decode() or "image" in response.content.decode()
    assert not Person.objects.exists()


def test_switcher_only_offers_assigned_orgs(cadre_client, org_tree):
    page = cadre_client.get(reverse("orgs:detail", args=[org_tree.district.pk])).content.decode()
    assert 'id="switch-org-select"' in page
    assert "天津市总工会" not in page
    denied = cadre_client.post(reverse("switch-org"), {"organization": org_tree.union.pk})
    assert denied.status_code == 404
    ok = cadre_client.post(reverse("switch-org"), {"organization": org_tree.xinhe.pk})
    assert ok.status_code == 302
    workbench = cadre_client.get(reverse("home"), follow=True)
    assert workbench.context["bench"].organization == org_tree.xinhe


def test_department_term_position_edit_and_history(cadre_client, org_tree):
    department = Department.objects.get(name="宣传部")
    response = cadre_client.post(
        reverse("orgs:department-edit", args=[department.pk]),
        {"name": "宣传网络部", "sort_order": 1},
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.name == "宣传网络部"
    services.department_update(actor=cadre_client.user, department=department, name="宣传部")
    history = cadre_client.get(reverse("history", args=["orgs.department", department.pk]))
    assert "宣传网络部" in history.content.decode()
    bad = cadre_client.post(
        reverse("orgs:term-create", args=[org_tree.xinhe.pk]),
        {"number": 1, "start_date": "2026-01-01", "end_date": "2025-01-01"},
    )
    assert "届满日期应晚于起始日期" in bad.content.decode()


def test_people_list_constant_queries(cadre_client, org_tree):
    actor = cadre_client.user

    def count_for(n):
        for i in range(n):
            services.person_create(
                actor=actor, organization=org_tree.xinhe_1, name=f"人员{i}", gender="F"
            )
        with CaptureQueriesContext(connection) as ctx:
            response = cadre_client.get(reverse("orgs:people"), {"org": org_tree.district.pk})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    few = count_for(3)
    many = count_for(30)
    assert few == many


def test_production_refuses_without_keys(monkeypatch):
    import subprocess
    import sys

    env = {"LVZHI_DEBUG": "0", "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "lvzhi.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "LVZHI_SECRET_KEY" in result.stderr and "LVZHI_PII_KEY" in result.stderr


def test_tree_children_constant_queries(cadre_client, org_tree):
    actor = cadre_client.user
    url = reverse("orgs:children", args=[org_tree.xinhe.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert cadre_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(12):
        services.organization_create(
            actor=actor, parent=org_tree.xinhe, name=f"测试社区{i}妇联", code=f"T-{i}", kind="local"
        )
    assert count() == before


def test_production_headers(client, settings, org_tree):
    settings.SEND_CSP = True
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Request-ID"]
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")


def test_forms_require_csrf(org_tree, make_user):
    from django.test import Client

    user = make_user("csrf", "cadre", org_tree.xinhe)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(
        reverse("orgs:department-create", args=[org_tree.xinhe.pk]), {"name": "无令牌部门"}
    )
    assert response.status_code == 403
    assert not Department.objects.filter(name="无令牌部门").exists()
