"""`lvzhi run_daily [--date YYYY-MM-DD]`: the daily jobs (reminders, period roll-ups), for
cron or a systemd timer. Each job is listed in settings.LVZHI_DAILY_JOBS and is
idempotent: running it twice on a day changes nothing the second time."""

import datetime as dt
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from lvzhi.core.operations import record_daily_success
from lvzhi.core.periods import today_local


class Command(BaseCommand):
    help = "每日任务：履职提醒、期间统计"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期运行（YYYY-MM-DD），默认今天（北京时间）")
        parser.add_argument("--json", action="store_true", help="输出机器可读的结果")

    def handle(self, *args, **options):
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else today_local()
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD") from None
        results = {}
        for path in settings.LVZHI_DAILY_JOBS:
            results[path] = import_string(path)(today=today)
        record_daily_success()  # every job finished: /metrics shows when
        if options["json"]:
            self.stdout.write(json.dumps({"date": today.isoformat(), "jobs": results}))
        else:
            for path, result in results.items():
                self.stdout.write(f"{path}: {result}")
