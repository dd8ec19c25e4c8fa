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
]


def ensure_default_roles(role_model) -> None:
    for spec in DEFAULT_ROLES:
        role_model.objects.get_or_create(code=spec["code"], defaults=spec)
