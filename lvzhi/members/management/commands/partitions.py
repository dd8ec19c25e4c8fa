"""`lvzhi partitions [--ensure YEAR …] [--archive YEAR [--drop]] [--json]`: the yearly
partitions of the activity and compliance tables on PostgreSQL. Without options it lists
them; ``--ensure`` creates a year's partitions (the daily job does this a year ahead);
``--archive`` detaches a finished year (``--drop`` also drops it). Thin: everything
happens in lvzhi.members.common.partitions."""

import json

from django.core.management.base import BaseCommand, CommandError

from lvzhi.core.periods import today_local
from lvzhi.members.common import partitions


class Command(BaseCommand):
    help = "履职活动与达标记录的年度分区：查看、提前创建、归档已结束年度（PostgreSQL）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--ensure", type=int, nargs="+", metavar="YEAR", help="创建这些年度的分区"
        )
        parser.add_argument(
            "--archive", type=int, metavar="YEAR", help="归档（分离）已结束年度的分区"
        )
        parser.add_argument("--drop", action="store_true", help="与 --archive 同用：分离后删除")
        parser.add_argument("--json", action="store_true", help="输出机器可读的结果")

    def handle(self, *args, ensure, archive, drop, json: bool, **options):
        if drop and archive is None:
            raise CommandError("--drop 需与 --archive 同用")
        try:
            if ensure:
                result = partitions.partitions_ensure(actor=None, years=ensure)
            elif archive is not None:
                result = partitions.year_archive(
                    actor=None, year=archive, today=today_local(), drop=drop
                )
            else:
                result = {
                    model._meta.db_table: partitions.partitions(model._meta.db_table)
                    for model, _column, _kind in partitions.LAYOUT
                }
        except partitions.PartitionError as exc:
            raise CommandError(str(exc)) from None
        if json:
            self.stdout.write(_dumps(result))
            return
        if not partitions.supported():
            self.stdout.write("SQLite 数据库不分区")
            return
        if ensure:
            self.stdout.write("已创建：" + ("，".join(result["created"]) or "无（均已存在）"))
        elif archive is not None:
            verb = "已删除" if drop else "已分离"
            names = result["dropped"] if drop else result["detached"]
            self.stdout.write(f"{verb}：" + "，".join(names))
            for name, count in result["rows"].items():
                self.stdout.write(f"  {name}: {count} 行")
        else:
            for table, rows in result.items():
                self.stdout.write(table)
                for row in rows:
                    self.stdout.write(
                        f"  {row['name']}  {row['bound']}  约 {row['rows_estimate']} 行"
                    )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
