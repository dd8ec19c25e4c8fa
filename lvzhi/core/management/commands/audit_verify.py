"""`lvzhi audit_verify [--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD] [--json]`:
recompute the audit hash chain and name the first broken event; exit code 1 when broken.
Prints each day's last hash, which may be kept outside the platform as a witness."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from lvzhi.core.audit.chain import verify
from lvzhi.core.models import AuditChainHead, AuditEvent


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{name} 的日期格式应为 YYYY-MM-DD：{value}") from None


class Command(BaseCommand):
    help = "校验审计日志哈希链，指出第一处断裂"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="只校验这一天（北京时间，YYYY-MM-DD）")
        parser.add_argument("--from", dest="start", help="起始日期（含）")
        parser.add_argument("--to", dest="end", help="截止日期（含）")
        parser.add_argument("--json", action="store_true", help="输出机器可读的结果")

    def handle(self, *args, **options):
        if options["date"] and (options["start"] or options["end"]):
            raise CommandError("--date 与 --from/--to 不能同时使用")
        if options["date"]:
            start = end = _date(options["date"], "--date")
        else:
            start = _date(options["start"], "--from") if options["start"] else dt.date.min
            end = _date(options["end"], "--to") if options["end"] else dt.date.max
        if start > end:
            raise CommandError("起始日期晚于截止日期")
        unchained = AuditEvent.objects.filter(chain_day__isnull=True).first()
        results = verify(start, end)
        broken = next((r.broken for r in results if r.broken), None)
        if broken is None and unchained is not None:
            from lvzhi.core.audit.chain import Break

            broken = Break(
                None, unchained.pk, unchained.created_at, None, "事件不在哈希链上（绕过服务写入）"
            )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "ok": broken is None,
                        "days": [
                            {"day": r.day.isoformat(), "events": r.events, "last_hash": r.last_hash}
                            for r in results
                        ],
                        "broken": None
                        if broken is None
                        else {
                            "day": broken.day.isoformat() if broken.day else None,
                            "event_id": broken.event_id,
                            "seq": broken.seq,
                            "created_at": broken.created_at.isoformat()
                            if broken.created_at
                            else None,
                            "problem": broken.problem,
                        },
                    },
                    ensure_ascii=False,
                )
            )
        else:
            for result in results:
                mark = "✗" if result.broken else "✓"
                self.stdout.write(
                    f"{mark} {result.day}：{result.events} 条，链尾 {result.last_hash[:16]}…"
                )
        if broken is not None:
            raise CommandError("审计链断裂：" + broken.describe(), returncode=1)
        if not options["json"]:
            days = AuditChainHead.objects.filter(day__gte=start, day__lte=end).count()
            self.stdout.write(self.style.SUCCESS(f"审计链完整（{days} 天）"))
