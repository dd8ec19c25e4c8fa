"""`lvzhi grant_admin_duty USERNAME security_admin|audit_admin [--organization CODE]`:
the installer, at the server console, makes an existing account the 安全管理员 or the
审计管理员 (三员分立: in production a superuser is only the system administrator, so no one
could assign these roles otherwise). The same separation checks as every role assignment
(the account may be no superuser and hold no other administrator duty); audited as an
action of the console, with no account."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lvzhi.core.duties.services.assignments import (
    CONSOLE_ROLES,
    role_assignment_create_at_console,
)
from lvzhi.core.forms import joined_messages
from lvzhi.core.models import Role, organization_model


class Command(BaseCommand):
    help = "在服务器控制台为账号授予安全管理员（security_admin）或审计管理员（audit_admin）角色"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=CONSOLE_ROLES)
        parser.add_argument(
            "--organization",
            metavar="CODE",
            help="分配所在组织的组织代码，默认第一个根组织（职责全平台有效）",
        )

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户 {options['username']} 不存在")
        role = Role.objects.filter(code=options["role"]).first()
        if role is None:
            raise CommandError(f"角色 {options['role']} 不存在（先运行 lvzhi migrate）")
        organization = self._organization(options["organization"])
        try:
            role_assignment_create_at_console(user=user, role=role, organization=organization)
        except ValidationError as exc:
            raise CommandError(f"未授予：{joined_messages(exc)}") from None
        self.stdout.write(
            f"已授予：{user.get_username()} 担任{role.name}（分配于 {organization.name}，"
            "职责全平台有效），已记入审计日志。"
        )

    def _organization(self, code):
        Organization = organization_model()
        if code:
            organization = Organization.objects.filter(code=code).first()
            if organization is None:
                raise CommandError(f"组织代码 {code} 不存在")
            return organization
        organization = Organization.objects.get_root_nodes().order_by("path").first()
        if organization is None:
            raise CommandError("还没有任何组织：请先创建根组织，再授予管理员角色")
        return organization
