"""`lvzhi import_catalog FILE --org CODE [--user USERNAME] [--json]`: import a duty catalog
file as a draft version of the organization's catalog and print its findings. Thin:
everything happens in lvzhi.catalog.services."""

import json as jsonlib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from lvzhi.catalog import services
from lvzhi.orgs.models import Organization


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(m for msgs in exc.message_dict.values() for m in msgs)
    return "；".join(exc.messages)


class Command(BaseCommand):
    help = "导入职责目录文件，保存为草稿版本，并列出发现的问题"

    def add_arguments(self, parser):
        parser.add_argument("file", help="职责目录文件（文本或 Excel）")
        parser.add_argument("--org", required=True, metavar="CODE", help="组织代码")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="以该账号的身份和管理范围导入（默认：第一个平台管理员）",
        )
        parser.add_argument("--json", action="store_true", help="输出机器可读的汇总")

    def handle(self, *args, file, org, user=None, json=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        try:
            services.check_import_size(path.stat().st_size)  # before reading it
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from None
        organization = Organization.objects.filter(code=org).first()
        if organization is None:
            raise CommandError(f"组织代码不存在：{org}")
        users = get_user_model().objects.filter(is_active=True)
        actor = (
            users.filter(username=user) if user else users.filter(is_superuser=True).order_by("pk")
        ).first()
        if actor is None:
            raise CommandError(
                f"账号不存在或已停用：{user}"
                if user
                else "没有可用的平台管理员账号，请用 --user 指定"
            )
        try:
            version = services.catalog_import(
                actor=actor, organization=organization, data=path.read_bytes(), filename=path.name
            )
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from None
        except Http404:
            raise CommandError(
                f"账号 {actor.get_username()} 无权为 {organization.name} 导入"
            ) from None
        findings = list(version.findings.order_by("order", "id"))
        summary = {
            "version": version.pk,
            "catalog": version.catalog_id,
            "number": version.number,
            "status": version.status,
            "layout": version.layout,
            "duties": version.duties.count(),
            "items": version.items.count(),
            "findings": [
                {
                    "code": f.code,
                    "severity": f.severity,
                    "item_number": f.item_number,
                    "field": f.field,
                    "line": f.line,
                    "message": f.message,
                    "repair": f.repair,
                }
                for f in findings
            ],
        }
        if json:
            self.stdout.write(jsonlib.dumps(summary, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"已导入 {organization.name} 职责目录第{version.number}版（草稿）：主要职责 "
            f"{summary['duties']} 项，职责事项 {summary['items']} 项，问题 {len(findings)} 处。"
        )
        for f in findings:
            where = f"事项 {f.item_number or '—'} {f.field_label or ''} 第{f.line}行"
            repair = "（可修复）" if f.repair else ""
            self.stdout.write(f"  [{f.get_severity_display()}] {where}：{f.message}{repair}")
