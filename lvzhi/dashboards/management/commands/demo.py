"""`lvzhi demo [--json] [--no-migrate]`: migrate, load the demo district (Tianjin Binhai New
Area) and print the demo accounts. Idempotent. Thin: each app's demo module loads its part; the command lives in the top
layer (dashboards) because it calls every app."""

import json
import unicodedata

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from lvzhi.orgs import demo


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [
        max(_width(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)
    ]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(_pad(str(c), w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


class Command(BaseCommand):
    help = "迁移数据库并加载演示数据（天津市滨海新区 21 个街镇），输出演示账号；可重复运行"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="输出机器可读的汇总")
        parser.add_argument("--no-migrate", action="store_true", help="不先执行 migrate")

    def handle(self, *args, json: bool = False, no_migrate: bool = False, **options):
        if settings.LVZHI_PRODUCTION:
            raise CommandError(
                "生产模式下不能加载演示数据：演示账号的密码是公开的。"
                "演示请在开发模式下运行（LVZHI_DEBUG=1，make demo 已设置）。"
            )
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        try:
            summary = demo.load_demo()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        from django.contrib.auth import get_user_model

        from lvzhi.catalog.demo import load_seed_catalogs

        catalogs = load_seed_catalogs(get_user_model().objects.get(username="admin"))
        from lvzhi.processes.demo import load_process_demo

        processes = load_process_demo()
        from lvzhi.members.demo import load_members_demo

        members = load_members_demo()
        from lvzhi.grassroots.demo import load_grassroots_demo

        grassroots = load_grassroots_demo()
        from lvzhi.homes.demo import load_homes_demo

        homes = load_homes_demo()
        from lvzhi.socialorgs.demo import load_socialorgs_demo

        socialorgs = load_socialorgs_demo()
        summary.accounts.extend(socialorgs.pop("accounts", []))  # organization users
        from lvzhi.ledger.demo import load_ledger_demo

        ledger = load_ledger_demo()
        from lvzhi.homes.demo import load_ledger_loans_demo

        homes.update(load_ledger_loans_demo())  # after the ledger's: lends to its women
        from lvzhi.socialorgs.evaluations.demo import load_evaluation_demo

        evaluations = load_evaluation_demo()  # after the projects' demo: it evaluates them
        summary.accounts.extend(evaluations.pop("accounts", []))  # the evaluator
        if json:
            self.stdout.write(
                _dumps(
                    {
                        **summary.as_dict(),
                        "catalogs": catalogs,
                        "processes": processes,
                        "members": members,
                        "grassroots": grassroots,
                        "homes": homes,
                        "socialorgs": socialorgs,
                        "ledger": ledger,
                        "evaluations": evaluations,
                    }
                )
            )
            return
        created = "，".join(f"{k} {v}" for k, v in summary.created.items()) or "无（数据已存在）"
        counts = summary.counts
        self.stdout.write(
            f"演示数据已就绪（{summary.seconds:.1f} 秒）：组织 {counts['organizations']} 个"
            f"（街镇 {counts['townships']}，村社区 {counts['villages']}，"
            f"妇女小组/微家 {counts['small_units']}，工会 {counts['unions']}），"
            f"人员 {counts['people']}，职务 {counts['positions']}，届次 {counts['terms']}。"
        )
        self.stdout.write(f"本次新建：{created}")
        self.stdout.write(
            "已发布职责目录：" + "，".join(f"{code} {count} 项" for code, count in catalogs.items())
        )
        self.stdout.write(
            f"办件流程：本次发布模板 {processes['templates']} 个，新建办件 {processes['cases']} 件\n"
        )
        if members["activities"]:
            self.stdout.write(
                f"执委履职：新建活动 {members['activities']} 条，"
                f"执委会议 {members['meetings']} 次，达标记录 {members['compliance_rows']} 条"
            )
        rows = []
        for account in summary.accounts:
            role = account["role"]
            if account["department"]:
                role += f"（{account['department']}）"
            elif account["include_descendants"] and account["role_code"] != "platform_admin":
                role += "（含下级）"
            password = account["password"] + ("" if account["created"] else "（若未修改）")
            rows.append([account["username"], role, account["organization"], password])
        self.stdout.write(format_table(["账号", "角色", "组织", "密码"], rows))
        self.stdout.write(f"\n打开 {demo.DEMO_URL} 登录。")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
