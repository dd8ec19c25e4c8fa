"""`lvzhi restore DIR`: verify a backup's checksums, load it into the empty database named
by DATABASE_URL and MEDIA_ROOT, and count the rows again against its manifest."""

import json

from django.core.management.base import BaseCommand, CommandError

from lvzhi.core.backup import BackupError, restore, verify


class Command(BaseCommand):
    help = "从备份目录恢复到新建的空数据库（先校验清单，恢复后核对各表行数）"

    def add_arguments(self, parser):
        parser.add_argument("directory", help="lvzhi backup 写出的目录")
        parser.add_argument("--verify-only", action="store_true", help="只校验，不恢复")
        parser.add_argument("--json", action="store_true", help="输出机器可读的结果")

    def handle(self, *args, directory, **options):
        try:
            manifest = verify(directory) if options["verify_only"] else restore(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        summary = {
            "directory": directory,
            "verified": True,
            "restored": not options["verify_only"],
            "rows": sum(manifest["database"]["tables"].values()),
            "files": len(manifest["media"]),
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        elif options["verify_only"]:
            self.stdout.write(f"校验通过：{summary['rows']} 行，{summary['files']} 个上传文件")
        else:
            self.stdout.write(
                f"已恢复：{summary['rows']} 行，{summary['files']} 个上传文件，行数与清单一致"
            )
