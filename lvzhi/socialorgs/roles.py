"""Roles of people outside the federation who act on social organizations' business.

The organization user (社会组织用户, CQ-SO 第六条、第十七条) signs in for one filed
organization (``OrganizationAccount``): she applies for published projects and reports on
her own projects, and sees only her own organization's applications and projects. Her role
is assigned at the filing federation without its subtree and allows none of the
federation's actions (no ``view``), so ``restrict(user, action)`` gives her nothing of the
federation's records; her own rows are read through ``projects.selectors``."""

ORG_USER = "social_org_user"
APPLY_PROJECT = "apply_project"

ROLES = [
    {
        "code": ORG_USER,
        "name": "社会组织用户",
        "description": "代表一个已备案的社会组织申报项目、提交报告，只能看到本组织的申报和项目",
        "actions": [APPLY_PROJECT],
        "is_global": False,
    },
]


def ensure_roles(role_model) -> None:
    for spec in ROLES:
        role_model.objects.get_or_create(code=spec["code"], defaults=spec)
