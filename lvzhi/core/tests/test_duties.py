"""三员分立: the three administrators' roles, what each may do, refusals in production
(flags in development), and every change of a role assignment, role, working-day override
or user account audited through the services — from the Django admin too."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from lvzhi.core import workdays
from lvzhi.core.duties import rules
from lvzhi.core.duties.services import SEPARATION_KEY
from lvzhi.core.duties.services.assignments import (
    role_assignment_create,
    role_assignment_delete,
    role_assignment_update,
    role_save,
)
from lvzhi.core.duties.services.users import (
    user_account_create,
    user_account_deactivate,
    user_account_update,
)
from lvzhi.core.duties.services.workdays import (
    workday_override_create,
    workday_override_delete,
    workday_override_update,
)
from lvzhi.core.models import AuditEvent, Role, RoleAssignment, WorkdayOverride

User = get_user_model()


@pytest.fixture
def admins(org_tree, make_user):
    class Admins:
        system = make_user("sys", "system_admin", org_tree.city, is_staff=True)
        security = make_user("sec", "security_admin", org_tree.city, is_staff=True)
        auditor = make_user("aud", "audit_admin", org_tree.city, is_staff=True)
        cadre = make_user("cad", "cadre", org_tree.xinhe)
        plain = make_user("plain")

    return Admins


def _events(action=None, **filters):
    qs = AuditEvent.objects.filter(**filters)
    return qs.filter(action=action) if action else qs


def test_role_duties_rules():
    assert rules.role_duties(["manage_accounts", "view"], False) == {rules.SYSTEM}
    assert rules.role_duties(["view"], False) == set()
    assert rules.role_duties([], True) == {rules.PLATFORM}
    # production: a global role (and a superuser) is only the system administrator
    assert rules.role_duties(["view_audit", "manage_roles"], True, True) == {rules.SYSTEM}
    assert rules.global_holds("manage_accounts", True)
    assert not rules.global_holds("manage_roles", True)
    assert not rules.global_holds("view_audit", True)
    assert rules.global_holds("view_audit", False)
    assert rules.combined([{rules.SECURITY}, {rules.AUDIT}]) == (rules.SECURITY, rules.AUDIT)
    assert rules.combined([{rules.SECURITY}, {rules.SECURITY}, set()]) == ()
    assert "审计管理员" in rules.labels((rules.SECURITY, rules.AUDIT))


def test_default_roles_include_the_three_administrators(org_tree):
    roles = {r.code: r for r in Role.objects.all()}
    assert roles["system_admin"].name == "系统管理员"
    assert set(roles["system_admin"].actions) == {"manage_accounts", "manage_system"}
    assert roles["security_admin"].actions == ["manage_roles"]
    assert roles["audit_admin"].actions == ["view_audit"]
    assert not any(roles[c].is_global for c in ("system_admin", "security_admin", "audit_admin"))
    # no data rights: the audit administrator cannot change (or even view) org data
    assert not roles["audit_admin"].allows("change") and not roles["audit_admin"].allows("view")


def test_security_admin_assigns_and_it_is_audited(org_tree, admins):
    role = Role.objects.get(code="cadre")
    assignment = role_assignment_create(
        actor=admins.security, user=admins.plain, role=role, organization=org_tree.dagu
    )
    event = _events("create", object_type="core.roleassignment").get()
    assert event.actor == admins.security and event.organization_id == org_tree.dagu.pk
    assert event.changes["role"] == [None, "妇联干部"]
    assert event.hash and event.prev_hash
    role_assignment_update(actor=admins.security, assignment=assignment, include_descendants=False)
    event = _events("update", object_type="core.roleassignment").get()
    assert event.changes == {"include_descendants": [True, False]}
    role_assignment_delete(actor=admins.security, assignment=assignment)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    event = _events("delete", object_type="core.roleassignment").get()
    assert event.changes["user"] == ["plain", None]


@pytest.mark.parametrize("who", ["system", "auditor", "cadre"])
def test_only_the_security_admin_assigns_roles(org_tree, admins, who):
    with pytest.raises(PermissionDenied):
        role_assignment_create(
            actor=getattr(admins, who),
            user=admins.plain,
            role=Role.objects.get(code="cadre"),
            organization=org_tree.xinhe,
        )
    assert not RoleAssignment.objects.filter(user=admins.plain).exists()
    assert not _events(object_type="core.roleassignment").exists()


def test_no_one_grants_herself(org_tree, admins):
    with pytest.raises(ValidationError, match="不能为自己分配"):
        role_assignment_create(
            actor=admins.security,
            user=admins.security,
            role=Role.objects.get(code="cadre"),
            organization=org_tree.xinhe,
        )


def test_production_refuses_two_administrator_duties(org_tree, admins, settings):
    settings.LVZHI_ENFORCE_SEPARATION = True
    for code in ("audit_admin", "system_admin", "platform_admin"):
        with pytest.raises(ValidationError) as refused:
            role_assignment_create(
                actor=admins.security,
                user=admins.auditor if code != "audit_admin" else admins.system,
                role=Role.objects.get(code=code),
                organization=org_tree.city,
            )
        assert "等保" in refused.value.messages[0] and "三员分立" in refused.value.messages[0]
    assert not _events(object_type="core.roleassignment").exists()
    # another administrator's role at another organization is still a second duty
    other = User.objects.create_user("other")
    role_assignment_create(
        actor=admins.security,
        user=other,
        role=Role.objects.get(code="audit_admin"),
        organization=org_tree.city,
    )
    with pytest.raises(ValidationError, match="系统管理员、审计管理员"):
        role_assignment_create(
            actor=admins.security,
            user=other,
            role=Role.objects.get(code="system_admin"),
            organization=org_tree.union,
        )


def test_development_allows_and_flags(org_tree, admins, settings):
    settings.LVZHI_ENFORCE_SEPARATION = False
    assignment = role_assignment_create(
        actor=admins.security,
        user=admins.auditor,
        role=Role.objects.get(code="system_admin"),
        organization=org_tree.city,
    )
    assert "三员分立" in assignment.separation_warning
    event = _events("create", object_type="core.roleassignment").get()
    assert "三员分立" in event.changes[SEPARATION_KEY][1]
    from lvzhi.core.duties.selectors import separation_conflicts

    assert [u.username for u, _d in separation_conflicts()] == ["aud"]


def test_a_role_cannot_carry_two_duties(org_tree, admins, settings):
    role = Role.objects.get(code="security_admin")
    with pytest.raises(ValidationError, match="一个角色不能同时包含"):
        role_save(
            actor=admins.security,
            role=role,
            name=role.name,
            actions=["manage_roles", "view_audit"],
        )
    settings.LVZHI_ENFORCE_SEPARATION = True
    cadre = Role.objects.get(code="cadre")
    # cadre given the security admin's duty: a holder of cadre and audit_admin would combine
    both = User.objects.create_user("both")
    RoleAssignment.objects.create(user=both, role=cadre, organization=org_tree.xinhe)
    RoleAssignment.objects.create(
        user=both, role=Role.objects.get(code="audit_admin"), organization=org_tree.city
    )
    with pytest.raises(ValidationError, match="三员分立"):
        role_save(
            actor=admins.security,
            role=cadre,
            name=cadre.name,
            actions=[*cadre.actions, "manage_roles"],
        )
    role_save(
        actor=admins.security,
        role=cadre,
        name="干部",
        description=cadre.description,
        actions=cadre.actions,
    )
    event = _events("update", object_type="core.role").get()
    assert event.changes == {"name": ["妇联干部", "干部"]}


def test_workday_overrides_by_the_system_admin_audited(org_tree, admins):
    day = dt.date(2026, 12, 5)  # a Saturday
    assert not workdays.is_workday(day)
    override = workday_override_create(actor=admins.system, date=day, is_workday=True, note="补班")
    assert workdays.is_workday(day)
    workday_override_update(actor=admins.system, override=override, date=day, is_workday=False)
    workday_override_delete(actor=admins.system, override=override)
    assert not WorkdayOverride.objects.exists()
    events = list(_events(object_type="core.workdayoverride").order_by("seq"))
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert events[1].changes["is_workday"] == [True, False]
    assert all(e.actor == admins.system and e.org_path == "" for e in events)
    for who in (admins.security, admins.auditor, admins.cadre):
        with pytest.raises(PermissionDenied):
            workday_override_create(actor=who, date=day, is_workday=True)
    with pytest.raises(ValidationError, match="已有工作日调整"):
        workday_override_create(actor=admins.system, date=day, is_workday=True)
        workday_override_create(actor=admins.system, date=day, is_workday=True)


def test_user_accounts_by_the_system_admin_audited(org_tree, admins, settings):
    user = user_account_create(
        actor=admins.system, username="newbie", password="S3cure-pass-2026", email="n@x.cn"
    )
    assert user.check_password("S3cure-pass-2026")
    event = _events("create", object_type="auth.user").get()
    assert event.changes["username"] == [None, "newbie"]
    assert event.changes["password"] == [None, "（已设置）"]
    assert "S3cure" not in str(event.changes)
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="编辑")
    user_account_update(actor=admins.system, user=user, is_staff=True, groups=[group])
    event = _events("update", object_type="auth.user").get()
    assert event.changes == {"groups": [[], ["编辑"]], "is_staff": [False, True]}
    user_account_deactivate(actor=admins.system, user=user)
    user.refresh_from_db()
    assert not user.is_active
    assert _events("update", object_type="auth.user").count() == 2
    with pytest.raises(PermissionDenied):
        user_account_update(actor=admins.security, user=user, is_active=True)
    with pytest.raises(ValidationError, match="不能更改自己账号的权限"):
        user_account_update(actor=admins.system, user=admins.system, is_superuser=True)
    with pytest.raises(ValidationError, match="只有超级用户"):
        user_account_update(actor=admins.system, user=user, is_superuser=True)
    settings.LVZHI_ENFORCE_SEPARATION = True
    root = User.objects.create_superuser("root", password="x")
    with pytest.raises(ValidationError, match="三员分立"):
        user_account_update(actor=root, user=admins.auditor, is_superuser=True)


def test_rule_sets_are_the_system_admins(org_tree, admins):
    from lvzhi.members.common.rulesets import ruleset_choose

    ruleset_choose(actor=admins.system, organization=org_tree.district, ruleset="cq2019")
    event = _events("ruleset").get()
    assert event.actor == admins.system and event.changes == {"ruleset": [None, "cq2019"]}
    ruleset_choose(actor=admins.system, organization=org_tree.district, ruleset="cq2019")
    assert _events("ruleset").latest("seq").changes == {"ruleset": ["cq2019", "cq2019"]}
    with pytest.raises(PermissionDenied):
        ruleset_choose(actor=admins.security, organization=org_tree.district, ruleset="cq2019")


# The Django admin saves and deletes through the same services --------------------------


def test_admin_role_assignment_add_change_delete_audited(client, org_tree, admins):
    client.force_login(admins.security)
    role = Role.objects.get(code="cadre")
    url = reverse("admin:core_roleassignment_add")
    response = client.post(
        url,
        {
            "user": admins.plain.pk,
            "role": role.pk,
            "organization": org_tree.dagu.pk,
            "include_descendants": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assignment = RoleAssignment.objects.get(user=admins.plain)
    assert _events("create", object_type="core.roleassignment").get().actor == admins.security
    response = client.post(
        reverse("admin:core_roleassignment_change", args=[assignment.pk]),
        {"user": admins.plain.pk, "role": role.pk, "organization": org_tree.dagu.pk},
    )
    assert response.status_code == 302
    assert _events("update", object_type="core.roleassignment").get().changes == {
        "include_descendants": [True, False]
    }
    response = client.post(
        reverse("admin:core_roleassignment_delete", args=[assignment.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert _events("delete", object_type="core.roleassignment").exists()
    # a refusal shows on the form and writes nothing
    response = client.post(
        url,
        {"user": admins.security.pk, "role": role.pk, "organization": org_tree.dagu.pk},
    )
    assert response.status_code == 200 and "不能为自己分配" in response.content.decode()
    assert _events(object_type="core.roleassignment").count() == 3


def test_admin_pages_open_by_duty(client, org_tree, admins):
    pages = {
        "admin:core_roleassignment_changelist": admins.security,
        "admin:core_workdayoverride_changelist": admins.system,
        "admin:auth_user_changelist": admins.system,
        "admin:core_auditevent_changelist": admins.auditor,
    }
    for name, holder in pages.items():
        for user in (admins.system, admins.security, admins.auditor):
            client.force_login(user)
            expected = 200 if user == holder else 403
            assert client.get(reverse(name)).status_code == expected, (name, user)


def test_admin_workday_and_user_changes_audited(client, org_tree, admins):
    client.force_login(admins.system)
    response = client.post(
        reverse("admin:core_workdayoverride_add"),
        {"date": "2026-12-05", "is_workday": "on", "note": "补班"},
    )
    assert response.status_code == 302
    assert _events("create", object_type="core.workdayoverride").get().actor == admins.system
    user = admins.plain
    response = client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        {
            "username": user.username,
            "first_name": "小",
            "last_name": "王",
            "email": "",
            "is_active": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = _events("update", object_type="auth.user").get()
    assert event.actor == admins.system
    assert event.changes["is_staff"] == [False, True]
    assert event.changes["first_name"] == ["", "小"]
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "added",
            "password1": "Another-pass-2026x",
            "password2": "Another-pass-2026x",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _events("create", object_type="auth.user").get().changes["username"] == [None, "added"]
    assert client.get(reverse("admin:auth_user_delete", args=[user.pk])).status_code == 403
    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {
            "password1": "Reset-pass-2026x!",
            "password2": "Reset-pass-2026x!",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.check_password("Reset-pass-2026x!")
    event = _events("update", object_type="auth.user", object_id=str(user.pk)).latest("seq")
    assert event.changes == {"password": [None, "（已重设）"]}
    assert "Reset-pass" not in str(AuditEvent.objects.values_list("changes", flat=True))


def test_catalogs_and_audit_events_cannot_be_deleted_in_admin(rf, admin_user):
    from django.contrib import admin as django_admin

    from lvzhi.catalog.models import Catalog, CatalogVersion, DutyItem

    request = rf.get("/")
    request.user = admin_user
    for model in (Catalog, CatalogVersion, DutyItem, AuditEvent):
        model_admin = django_admin.site._registry[model]
        assert not model_admin.has_delete_permission(request), model
    audit_admin = django_admin.site._registry[AuditEvent]
    assert not audit_admin.has_change_permission(request)
    assert not audit_admin.has_add_permission(request)


# Production: a superuser or the platform admin is only the system administrator ----------


@pytest.fixture
def platform_admin(org_tree, make_user):
    return make_user("plat", "platform_admin", org_tree.city, is_staff=True)


def test_production_superuser_and_platform_admin_hold_only_the_system_duty(
    client, org_tree, admin_user, platform_admin, settings
):
    from lvzhi.core.duties.selectors import holds_duty

    settings.LVZHI_ENFORCE_SEPARATION = True
    for user in (admin_user, platform_admin):
        assert holds_duty(user, "manage_accounts") and holds_duty(user, "manage_system")
        assert not holds_duty(user, "manage_roles") and not holds_duty(user, "view_audit")
        client.force_login(user)
        assert client.get(reverse("core:audit")).status_code == 404, user
        assert client.get(reverse("core:role-assignments")).status_code == 404, user
        today = dt.date.today().isoformat()
        export = client.get(reverse("core:audit-export"), {"start": today, "end": today})
        assert export.status_code == 404
        for name in ("admin:core_auditevent_changelist", "admin:core_roleassignment_changelist"):
            assert client.get(reverse(name)).status_code == 403, (name, user)
        assert client.get(reverse("admin:core_workdayoverride_changelist")).status_code == 200
        with pytest.raises(PermissionDenied):
            role_assignment_create(
                actor=user,
                user=User.objects.create_user(f"new-{user.username}"),
                role=Role.objects.get(code="cadre"),
                organization=org_tree.xinhe,
            )
    # development keeps the installer's every duty
    settings.LVZHI_ENFORCE_SEPARATION = False
    client.force_login(admin_user)
    assert client.get(reverse("core:audit")).status_code == 200
    assert client.get(reverse("core:role-assignments")).status_code == 200


def test_production_superuser_with_an_admin_duty_is_refused(org_tree, admins, settings):
    settings.LVZHI_ENFORCE_SEPARATION = True
    root = User.objects.create_superuser("root", password="x")
    with pytest.raises(ValidationError, match="系统管理员、安全管理员"):
        role_assignment_create(
            actor=admins.security,
            user=root,
            role=Role.objects.get(code="security_admin"),
            organization=org_tree.city,
        )
    # the platform admin and the system administrator are the same duty in production
    plain = User.objects.create_user("plainer")
    role_assignment_create(
        actor=admins.security,
        user=plain,
        role=Role.objects.get(code="platform_admin"),
        organization=org_tree.city,
    )
    role_assignment_create(
        actor=admins.security,
        user=plain,
        role=Role.objects.get(code="system_admin"),
        organization=org_tree.city,
    )


def test_grant_admin_duty_assigns_at_the_console_audited(client, org_tree, settings):
    settings.LVZHI_ENFORCE_SEPARATION = True
    sec = User.objects.create_user("sec2", password="x")
    aud = User.objects.create_user("aud2", password="x")
    out = io.StringIO()
    call_command("grant_admin_duty", "sec2", "security_admin", stdout=out)
    assert "已授予" in out.getvalue() and "安全管理员" in out.getvalue()
    call_command("grant_admin_duty", "aud2", "audit_admin", "--organization", "BH-FL", stdout=out)
    granted = RoleAssignment.objects.get(user=sec)
    assert granted.role.code == "security_admin" and granted.organization == org_tree.city
    assert RoleAssignment.objects.get(user=aud).organization == org_tree.district
    events = list(_events("create", object_type="core.roleassignment").order_by("seq"))
    assert len(events) == 2
    assert events[0].actor is None and events[0].actor_name == "系统"
    assert "控制台" in events[0].changes["授权方式"][1]
    assert events[0].changes["role"] == [None, "安全管理员"]
    assert events[0].hash and events[0].prev_hash
    client.force_login(sec)
    assert client.get(reverse("core:role-assignments")).status_code == 200
    assert client.get(reverse("core:audit")).status_code == 404
    client.force_login(aud)
    assert client.get(reverse("core:audit")).status_code == 200
    assert client.get(reverse("core:role-assignments")).status_code == 404


@pytest.mark.parametrize("enforced", [True, False])
def test_grant_admin_duty_refuses_a_superuser_and_a_second_duty(
    org_tree, admins, settings, enforced
):
    settings.LVZHI_ENFORCE_SEPARATION = enforced
    User.objects.create_superuser("root", password="x")
    with pytest.raises(CommandError, match="超级用户"):
        call_command("grant_admin_duty", "root", "audit_admin", stdout=io.StringIO())
    with pytest.raises(CommandError, match="三员分立"):
        call_command("grant_admin_duty", "sec", "audit_admin", stdout=io.StringIO())
    with pytest.raises(CommandError, match="三员分立"):
        call_command("grant_admin_duty", "sys", "security_admin", stdout=io.StringIO())
    plat = User.objects.create_user("plat2")
    RoleAssignment.objects.create(
        user=plat, role=Role.objects.get(code="platform_admin"), organization=org_tree.city
    )
    with pytest.raises(CommandError, match="三员分立"):
        call_command("grant_admin_duty", "plat2", "audit_admin", stdout=io.StringIO())
    with pytest.raises(CommandError, match="不存在"):
        call_command("grant_admin_duty", "nobody", "audit_admin", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("grant_admin_duty", "plain", "platform_admin", stdout=io.StringIO())
    assert not _events(object_type="core.roleassignment").exists()
    assert RoleAssignment.objects.filter(user__username__in=["root", "plain"]).count() == 0
