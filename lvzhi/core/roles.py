"""Default roles (DESIGN.md): created by a migration and by `lvzhi demo`, editable after."""

DEFAULT_ROLES = [
    {
        "code": "platform_admin",
        "name": "平台管理员",
        "description": "管理全平台的组织、账号与角色",
        "actions": [
            "view",
            "create",
            "change",
            "delete",
            "reveal_pii",
            "import",
            "approve",
            "manage_roles",
            "manage_accounts",
            "manage_system",
            "view_audit",
        ],
        "is_global": True,
    },
    {
        "code": "cadre",
        "name": "妇联干部",
        "description": "管理本组织（可含下级组织）的组织、人员、职务与届次",
        "actions": ["view", "create", "change", "delete", "reveal_pii", "import"],
        "is_global": False,
    },
    {
        "code": "department_staff",
        "name": "部门人员",
        "description": "查看本组织信息，办理本部门事项",
        "actions": ["view"],
        "is_global": False,
    },
    {
        "code": "member",
        "name": "执委",
        "description": "记录本人履职活动，维护本人资料",
        "actions": ["view"],
        "is_global": False,
    },
    {
        "code": "party_approver",
        "name": "党组织审批人",
        "description": "审批所联系组织的事项",
        "actions": ["view", "approve"],
        "is_global": False,
    },
    # 三员 (等保 2.0): three administrators whose duties one account may not combine in
    # production (lvzhi.core.duties); their duties are platform-wide, wherever assigned.
    {
        "code": "system_admin",
        "name": "系统管理员",
        "description": "管理用户账号、工作日调整、规则集选择与系统设置",
        "actions": ["manage_accounts", "manage_system"],
        "is_global": False,
    },
    {
        "code": "security_admin",
        "name": "安全管理员",
        "description": "管理角色及角色分配",
        "actions": ["manage_roles"],
        "is_global": False,
    },
    {
        "code": "audit_admin",
        "name": "审计管理员",
        "description": "查阅、导出审计日志，不能修改数据",
        "actions": ["view_audit"],
        "is_global": False,
    },
]


def ensure_default_roles(role_model) -> None:
    for spec in DEFAULT_ROLES:
        role_model.objects.get_or_create(code=spec["code"], defaults=spec)
