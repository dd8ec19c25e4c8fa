"""`lvzhi audit_purge --before YYYY-MM-DD [--dry-run]`: delete the audit events of the days
before a date, once they are past LVZHI_AUDIT_RETENTION_DAYS (never younger ones). The
days' chain heads stay (marked purged), so the later chain still verifies; the purge is
itself an audit event."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from lvzhi.core.audit import chain
from lvzhi.core.models import AuditChainHead, AuditEvent
from lvzhi.core.periods import today_local

MINIMUM_RETENTION_DAYS = 180


def oldest_allowed_cutoff(today: dt.date) -> dt.date:
    """Events of days before this date are past retention."""
    days = max(settings.LVZHI_AUDIT_RETENTION_DAYS, MINIMUM_RETENTION_DAYS)
    return today - dt.timedelta(days=days)


class Command(BaseCommand):
    help = "清理超过保存期的审计事件（保存期内的事件不能删除）"

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="删除此日期（不含）以前的事件")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args, **options):
        try:
            before = dt.date.fromisoformat(options["before"])
        except ValueError:
            raise CommandError("--before 的日期格式应为 YYYY-MM-DD") from None
        cutoff = oldest_allowed_cutoff(today_local())
        if before > cutoff:
            raise CommandError(
                f"审计日志保存期为 {settings.LVZHI_AUDIT_RETENTION_DAYS} 天："
                f"只能清理 {cutoff} 以前的事件，{before} 太晚"
            )
        events = AuditEvent.objects.filter(chain_day__lt=before)
        if options["dry_run"]:
            self.stdout.write(f"将删除 {events.count()} 条（{before} 以前）")
            return
        with transaction.atomic():
            count = events.count()
            events.delete()
            days = AuditChainHead.objects.filter(day__lt=before, purged_at__isnull=True)
            purged_days = days.update(purged_at=timezone.now())
            chain.append(
                AuditEvent(
                    actor_name="系统",
                    action="purge",
                    object_type="core.auditevent",
                    object_id="-",
                    object_repr=f"清理 {before} 以前的审计事件",
                    changes={"events": [count, 0], "days": [None, purged_days]},
                )
            )
        self.stdout.write(self.style.SUCCESS(f"已删除 {count} 条审计事件（{purged_days} 天）"))
