"""`lvzhi backup DIR`: the database (pg_dump of one snapshot, or SQLite's online backup),
the uploaded files and a manifest with row counts and checksums (lvzhi.core.backup)."""

import json

from django.core.management.base import BaseCommand, CommandError

from lvzhi.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库、上传文件与清单（行数、校验和、规则集与迁移版本）到一个空目录"

    def add_arguments(self, parser):
        parser.add_argument("directory", help="备份目录（不存在或为空）")
        parser.add_argument("--json", action="store_true", help="输出机器可读的清单摘要")

    def handle(self, *args, directory, **options):
        try:
            manifest = backup(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        summary = {
            "directory": directory,
            "database": manifest["database"]["vendor"],
            "tables": len(manifest["database"]["tables"]),
            "rows": sum(manifest["database"]["tables"].values()),
            "files": len(manifest["media"]),
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(
                "已备份到 {directory}：{database}，{tables} 张表 {rows} 行，{files} 个上传文件".format(
                    **summary
                )
            )
