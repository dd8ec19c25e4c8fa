"""`lvzhi import_roster FILE --user USERNAME [--dry-run] [--json]`: import an Excel roster of
organizations, people and positions. Thin: everything happens in lvzhi.orgs.roster."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lvzhi.core.scopes import OutOfScope
from lvzhi.orgs import roster


class Command(BaseCommand):
    help = "从 Excel 名册（组织、人员、职务三张表）导入数据；有任何错误则不导入"

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help=".xlsx 名册文件")
        parser.add_argument(
            "--user", required=True, metavar="USERNAME", help="以该账号的身份和管理范围导入"
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--json", action="store_true", help="输出机器可读的汇总")

    def handle(self, *args, file, user, dry_run, json: bool, **options):
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"账号不存在或已停用：{user}")
        if not roster.can_import(actor):
            raise CommandError(f"账号 {user} 没有名册导入权限")
        preview = roster.parse_roster(file, actor=actor)
        errors, applied = preview.errors, False
        counts = preview.counts
        if not errors and not dry_run:
            try:
                counts = roster.roster_apply(actor=actor, preview=preview).counts
                applied = True
            except roster.RosterRejected as exc:
                errors = exc.errors
            except OutOfScope as exc:
                raise CommandError(str(exc)) from None
        if json:
            self._print_json(preview, counts, errors, applied, dry_run)
        else:
            self._print_text(counts, errors, applied, dry_run)
        if errors:
            raise CommandError(f"发现 {len(errors)} 处错误，未导入任何数据", returncode=1)

    def _print_json(self, preview, counts, errors, applied, dry_run):
        summary = {
            "file": preview.file_name,
            "sha256": preview.digest,
            "ok": not errors,
            "dry_run": dry_run,
            "applied": applied,
            "counts": counts,
            "skipped_examples": preview.skipped_examples,
            "errors": [e.as_dict() for e in errors],
        }
        self.stdout.write(_dumps(summary))

    def _print_text(self, counts, errors, applied, dry_run):
        for error in errors:
            self.stdout.write(str(error))
        line = "组织 {organizations} 个，人员 {people} 人，职务 {positions} 条".format(**counts)
        if errors:
            return
        if applied:
            self.stdout.write(self.style.SUCCESS(f"已导入：{line}"))
        elif dry_run:
            self.stdout.write(f"检查通过（未写入，--dry-run）：将导入{line}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
