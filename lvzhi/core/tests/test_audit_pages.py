"""The audit administrator's log and export, the security administrator's role-assignment
page, and the retention setting. The matrix (matrix_rows_audit.py) checks that the data
roles are denied; here the three administrators and the platform admin get in."""

import datetime as dt
import io
import json
import os
import subprocess
import sys

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.core.models import AuditEvent, Role, RoleAssignment
from lvzhi.core.services import audit


@pytest.fixture
def admins(org_tree, make_user):
    class Admins:
        system = make_user("sys", "system_admin", org_tree.city)
        security = make_user("sec", "security_admin", org_tree.city)
        auditor = make_user("aud", "audit_admin", org_tree.city)
        platform = make_user("plat", "platform_admin", org_tree.city)
        plain = make_user("plain")

    return Admins


def _today():
    from lvzhi.core.periods import today_local

    return today_local()


@pytest.mark.parametrize(
    ("who", "audit_status", "roles_status"),
    [("auditor", 200, 404), ("platform", 200, 200), ("security", 404, 200), ("system", 404, 404)],
)
def test_pages_open_by_duty(client, admins, who, audit_status, roles_status):
    client.force_login(getattr(admins, who))
    page = client.get(reverse("core:audit"))
    assert page.status_code == audit_status
    nav = page.content.decode()
    assert (f'href="{reverse("core:audit")}"' in nav) == (audit_status == 200)
    assert (f'href="{reverse("core:role-assignments")}"' in nav) == (roles_status == 200)
    assert client.get(reverse("core:role-assignments")).status_code == roles_status
    today = _today().isoformat()
    export = client.get(reverse("core:audit-export"), {"start": today, "end": today})
    assert export.status_code == audit_status


@pytest.mark.parametrize(
    ("who", "audit_status", "roles_status"),
    [("auditor", 200, 404), ("platform", 404, 404), ("security", 404, 200), ("root", 404, 404)],
)
def test_pages_open_by_duty_in_production(
    client, admins, admin_user, settings, who, audit_status, roles_status
):
    """三员分立 enforced: the platform admin and a superuser are only the system
    administrator; the log and the assignments need the explicit roles."""
    settings.LVZHI_ENFORCE_SEPARATION = True
    client.force_login(admin_user if who == "root" else getattr(admins, who))
    page = client.get(reverse("core:audit"))
    assert page.status_code == audit_status
    if audit_status == 404:
        page = client.get("/", follow=True)
    nav = page.content.decode()
    assert (f'href="{reverse("core:audit")}"' in nav) == (audit_status == 200)
    assert (f'href="{reverse("core:role-assignments")}"' in nav) == (roles_status == 200)
    assert client.get(reverse("core:role-assignments")).status_code == roles_status


def test_audit_log_filters_and_pages(client, org_tree, admins):
    for i in range(55):
        audit(
            actor=admins.system,
            action="poke",
            obj=org_tree.xinhe,
            organization=org_tree.xinhe,
            changes={"i": [i, i + 1]},
        )
    audit(actor=admins.security, action="other", obj=org_tree.dagu, organization=org_tree.dagu)
    client.force_login(admins.auditor)
    page = client.get(reverse("core:audit"), {"action": "poke"})
    body = page.content.decode()
    assert page.status_code == 200 and "共 55 条" in body and "page=2" in body
    assert client.get(reverse("core:audit"), {"action": "poke", "page": 2}).status_code == 200
    by_org = client.get(reverse("core:audit"), {"organization": org_tree.dagu.code})
    assert "共 1 条" in by_org.content.decode()
    by_actor = client.get(reverse("core:audit"), {"actor": "sec"})
    assert "共 1 条" in by_actor.content.decode()
    tomorrow = (_today() + dt.timedelta(days=1)).isoformat()
    later = client.get(reverse("core:audit"), {"start": tomorrow})
    assert "共 0 条" in later.content.decode()
    bad = client.get(reverse("core:audit"), {"start": "2026-13-01", "organization": "NOPE"})
    assert bad.status_code == 400 and "没有代码为 NOPE 的组织" in bad.content.decode()


def test_export_excel_and_json(client, org_tree, admins):
    audit(
        actor=admins.system,
        action="poke",
        obj=org_tree.xinhe,
        organization=org_tree.xinhe,
        changes={"a": ["=1+1", "x"]},
    )
    audit(actor=admins.system, action="poke", obj=org_tree.dagu, organization=org_tree.dagu)
    client.force_login(admins.auditor)
    today = _today().isoformat()
    response = client.get(
        reverse("core:audit-export"), {"start": today, "end": today, "format": "xlsx"}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["编号", "时间", "操作人", "组织", "操作"] and "哈希" in header
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2 and rows[0][2] == "sys"
    assert all(c.data_type != "f" for row in sheet.iter_rows(min_row=2) for c in row)
    response = client.get(
        reverse("core:audit-export"),
        {"start": today, "end": today, "format": "json", "organization": org_tree.dagu.code},
    )
    data = json.loads(response.content)
    assert data["count"] == 1 and data["events"][0]["object_repr"] == org_tree.dagu.name
    assert data["events"][0]["hash"] == AuditEvent.objects.get(pk=data["events"][0]["id"]).hash
    # each export is itself an audit event, on the chain
    exports = AuditEvent.objects.filter(action="export", actor=admins.auditor)
    assert exports.count() == 2 and all(e.hash for e in exports)


def test_export_needs_a_valid_range(client, admins):
    client.force_login(admins.auditor)
    url = reverse("core:audit-export")
    assert client.get(url, {"start": "2026-01-01"}).status_code == 400
    too_long = client.get(url, {"start": "2025-01-01", "end": "2026-06-01"})
    assert too_long.status_code == 400 and "一次最多导出" in too_long.content.decode()
    backwards = client.get(url, {"start": "2026-06-01", "end": "2026-01-01"})
    assert backwards.status_code == 400
    assert not AuditEvent.objects.filter(action="export").exists()


def test_role_assignment_page_adds_and_ends(client, org_tree, admins):
    client.force_login(admins.security)
    url = reverse("core:role-assignments")
    response = client.post(
        url,
        {
            "username": "plain",
            "role": Role.objects.get(code="department_staff").pk,
            "organization": org_tree.district.code,
            "department": "宣传部",
        },
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=admins.plain)
    assert assignment.department == org_tree.propaganda and not assignment.include_descendants
    assert AuditEvent.objects.filter(action="create", actor=admins.security).count() == 1
    listing = client.get(url, {"q": "plain"}).content.decode()
    assert "宣传部" in listing
    response = client.post(reverse("core:role-assignment-end", args=[assignment.pk]))
    assert response.status_code == 302 and not RoleAssignment.objects.filter(user=admins.plain)
    assert AuditEvent.objects.filter(action="delete", actor=admins.security).count() == 1
    refused = client.post(
        url,
        {
            "username": "sec",
            "role": Role.objects.get(code="cadre").pk,
            "organization": "NOPE",
        },
    )
    assert refused.status_code == 400 and "没有代码为 NOPE 的组织" in refused.content.decode()
    refused = client.post(
        url,
        {"username": "sec", "role": Role.objects.get(code="cadre").pk, "organization": "BH-XH"},
    )
    assert refused.status_code == 400 and "不能为自己分配" in refused.content.decode()
    assert AuditEvent.objects.filter(actor=admins.security).count() == 2


def test_role_assignment_page_refuses_in_production(client, org_tree, admins, settings):
    settings.LVZHI_ENFORCE_SEPARATION = True
    client.force_login(admins.security)
    response = client.post(
        reverse("core:role-assignments"),
        {
            "username": "aud",
            "role": Role.objects.get(code="system_admin").pk,
            "organization": org_tree.city.code,
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and "等保 2.0 三员分立" in body
    assert not RoleAssignment.objects.filter(user=admins.auditor, role__code="system_admin")


def test_retention_below_six_months_is_refused():
    env = {**os.environ, "LVZHI_DEBUG": "1", "LVZHI_AUDIT_RETENTION_DAYS": "90"}
    result = subprocess.run(
        [sys.executable, "-c", "import lvzhi.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "LVZHI_AUDIT_RETENTION_DAYS 不能少于 180" in result.stderr
