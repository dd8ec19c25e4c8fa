"""Role assignments and roles: the security administrator's duty."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.models import Role, RoleAssignment
from lvzhi.core.scopes import forget_scopes
from lvzhi.core.services import audit, diff, snapshot

from .. import rules, selectors
from . import SEPARATION_KEY, check_separation, require_duty

_UNSET = object()


CONSOLE_KEY = "授权方式"
CONSOLE_NOTE = "服务器控制台 lvzhi grant_admin_duty（无登录账号操作）"
CONSOLE_ROLES = (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)


def _refuse_self(actor, user) -> None:
    if actor is None:  # the server console: no account acts
        return
    if actor.pk == user.pk and not actor.is_superuser:
        raise ValidationError(_("不能为自己分配、修改或撤销角色：三员分立要求授权由他人完成。"))


def _validate(*, actor, assignment: RoleAssignment, roles_after) -> str:
    """Checks shared by create and update; returns the separation warning ('' if none)."""
    _refuse_self(actor, assignment.user)
    if assignment.department_id and assignment.department.organization_id != (
        assignment.organization_id
    ):
        raise ValidationError({"department": _("所选部门不属于该组织。")})
    if assignment.role.code == Role.DEPARTMENT_STAFF and not assignment.department_id:
        raise ValidationError({"department": _("部门人员须指定所在部门。")})
    clash = RoleAssignment.objects.filter(
        user=assignment.user, role=assignment.role, organization=assignment.organization
    ).exclude(pk=assignment.pk)
    if clash.exists():
        raise ValidationError(_("该用户在该组织已有此角色。"))
    return check_separation(assignment.user, roles=roles_after)


def _flagged(changes: dict, warning: str) -> dict:
    if warning:
        changes[SEPARATION_KEY] = [None, warning]
    return changes


def validate_role_assignment(*, actor, assignment: RoleAssignment) -> str:
    """What create/update would refuse, for forms (the Django admin) to show beside the
    fields before saving."""
    require_duty(actor, "manage_roles", _("只有安全管理员可以分配角色。"))
    others = RoleAssignment.objects.filter(user=assignment.user).exclude(pk=assignment.pk)
    return _validate(
        actor=actor,
        assignment=assignment,
        roles_after=[a.role for a in others.select_related("role")] + [assignment.role],
    )


@transaction.atomic
def role_assignment_create(
    *, actor, user, role: Role, organization, include_descendants: bool = True, department=None
) -> RoleAssignment:
    assignment = RoleAssignment(
        user=user,
        role=role,
        organization=organization,
        include_descendants=include_descendants,
        department=department,
    )
    warning = validate_role_assignment(actor=actor, assignment=assignment)
    assignment.save()
    forget_scopes(user)
    audit(
        actor=actor,
        action="create",
        obj=assignment,
        changes=_flagged(diff({}, snapshot(assignment)), warning),
    )
    assignment.separation_warning = warning
    return assignment


@transaction.atomic
def role_assignment_create_at_console(*, user, role: Role, organization) -> RoleAssignment:
    """The installer's bootstrap of 三员分立 in production (``lvzhi grant_admin_duty``):
    nobody holds ``manage_roles`` until a security administrator is assigned, and a
    superuser never does there. Only the security and audit administrators' roles; the
    account may be no superuser and hold no other administrator duty (whatever the mode);
    otherwise the same checks as ``role_assignment_create``. Audited with no actor, the
    event saying it came from the console."""
    if role.code not in CONSOLE_ROLES:
        raise ValidationError(_("控制台只能授予安全管理员或审计管理员角色。"))
    if not user.is_active:
        raise ValidationError(_("账号 %(user)s 已停用。") % {"user": user.get_username()})
    if user.is_superuser:
        raise ValidationError(
            _("等保 2.0 三员分立：超级用户 %(user)s 已是系统管理员，不能再担任%(role)s。")
            % {"user": user.get_username(), "role": role.name}
        )
    assignment = RoleAssignment(
        user=user, role=role, organization=organization, include_descendants=True
    )
    others = [a.role for a in RoleAssignment.objects.filter(user=user).select_related("role")]
    duties = rules.combined(
        selectors.account_duties(user, roles=[*others, role], superuser=False, strict=True)
    )
    if duties:
        raise ValidationError(
            _("等保 2.0 三员分立：同一账号不能同时担任%(duties)s。")
            % {"duties": rules.labels(duties)}
        )
    warning = _validate(actor=None, assignment=assignment, roles_after=[*others, role])
    assignment.save()
    forget_scopes(user)
    changes = diff({}, snapshot(assignment))
    changes[CONSOLE_KEY] = [None, CONSOLE_NOTE]
    audit(actor=None, action="create", obj=assignment, changes=_flagged(changes, warning))
    assignment.separation_warning = warning
    return assignment


@transaction.atomic
def role_assignment_update(
    *,
    actor,
    assignment: RoleAssignment,
    role: Role | None = None,
    organization=None,
    include_descendants: bool | None = None,
    department=_UNSET,
) -> RoleAssignment:
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    before = snapshot(assignment)
    if role is not None:
        assignment.role = role
    if organization is not None:
        assignment.organization = organization
    if include_descendants is not None:
        assignment.include_descendants = include_descendants
    if department is not _UNSET:
        assignment.department = department
    warning = validate_role_assignment(actor=actor, assignment=assignment)
    changes = diff(before, snapshot(assignment))
    if changes:
        assignment.save()
        forget_scopes(assignment.user)
        audit(actor=actor, action="update", obj=assignment, changes=_flagged(changes, warning))
    assignment.separation_warning = warning
    return assignment


@transaction.atomic
def role_assignment_delete(*, actor, assignment: RoleAssignment) -> None:
    """Ends an assignment; the audit event keeps what it granted."""
    require_duty(actor, "manage_roles", _("只有安全管理员可以撤销角色。"))
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    _refuse_self(actor, assignment.user)
    before = snapshot(assignment)
    audit(actor=actor, action="delete", obj=assignment, changes=diff(before, {}))
    assignment.delete()
    forget_scopes(assignment.user)


def _role_duty_conflicts(role: Role, actions, is_global: bool) -> str:
    """A role may not carry two administrators' duties; and in production none of its
    holders may end up with two."""
    from . import check_separation as check

    duties = rules.role_duties(actions, is_global, selectors.enforced())
    if len(duties) > 1:
        raise ValidationError(
            {
                "actions": _("等保 2.0 三员分立：一个角色不能同时包含%(duties)s的职责。")
                % {"duties": rules.labels(d for d in rules.DUTY_ORDER if d in duties)}
            }
        )
    if role.pk is None or not duties:
        return ""
    warning = ""
    changed = Role(actions=list(actions), is_global=is_global)
    for assignment in RoleAssignment.objects.filter(role=role).select_related("user"):
        others = RoleAssignment.objects.filter(user=assignment.user).exclude(role=role)
        roles_after = [a.role for a in others.select_related("role")] + [changed]
        warning = check(assignment.user, roles=roles_after) or warning
    return warning


@transaction.atomic
def role_save(
    *,
    actor,
    role: Role | None = None,
    code: str = "",
    name: str,
    description: str = "",
    actions=(),
    is_global: bool = False,
) -> Role:
    """Create (``role`` None) or change a role's name and actions."""
    require_duty(actor, "manage_roles", _("只有安全管理员可以管理角色。"))
    if is_global and not actor.is_superuser:
        raise ValidationError({"is_global": _("只有超级用户可以设置全平台范围的角色。")})
    if role is not None:
        role = Role.objects.select_for_update().get(pk=role.pk)
        if role.is_global != is_global and not actor.is_superuser:
            raise ValidationError({"is_global": _("只有超级用户可以更改全平台范围。")})
    warning = _role_duty_conflicts(role or Role(), actions, is_global)
    before = snapshot(role) if role is not None else {}
    role = role or Role(code=code)
    role.name, role.description = name, description
    role.actions, role.is_global = list(actions), is_global
    role.full_clean()
    changes = diff(before, snapshot(role))
    if changes:
        role.save()
        audit(
            actor=actor,
            action="update" if before else "create",
            obj=role,
            organization=None,
            changes=_flagged(changes, warning),
        )
    return role
