"""`lvzhi ledger_counts [--fix] [--org CODE]`: check the ledger's counts per organization
(``OrgCount``) against a count of the entries and report the drift (organization code,
category, kept → counted: counts only); ``--fix`` rewrites the rows that differ. Exit code
1 when a drift is found and not fixed. The daily job runs the check with repair."""

import time

from django.core.management.base import BaseCommand, CommandError

from lvzhi.ledger import counts
from lvzhi.ledger.models import Category
from lvzhi.orgs.models import Organization

SHOWN = 20


class Command(BaseCommand):
    help = "核对台账统计表与台账人员的实际人数，报告（并可修复）偏差"

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="按实际人数重写有偏差的行")
        parser.add_argument("--org", help="只核对该组织（组织代码）及下级")

    def handle(self, *args, **options):
        path = None
        if options["org"]:
            org = Organization.objects.filter(code=options["org"]).first()
            if org is None:
                raise CommandError(f"未找到组织代码：{options['org']}")
            path = org.path
        started = time.perf_counter()
        drift = counts.rebuild(fix=options["fix"], path=path)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"核对 {drift.checked} 行，偏差 {len(drift.rows)} 行（{seconds:.1f} 秒）"
            + ("，已修复" if options["fix"] and drift else "")
        )
        codes = dict(
            Organization.objects.filter(
                pk__in={org for org, _c in list(drift.rows)[:SHOWN]}
            ).values_list("pk", "code")
        )
        categories = dict(Category.objects.values_list("pk", "code"))
        for (org, category), (have, want) in list(drift.rows.items())[:SHOWN]:
            self.stdout.write(
                f"  {codes.get(org, org)} {categories.get(category, '合计')}: "
                + " ".join(f"{name} {have[name]}→{want[name]}" for name in counts.FIELDS)
            )
        if drift and not options["fix"]:
            raise CommandError(f"台账统计有 {len(drift.rows)} 行与实际人数不符")
