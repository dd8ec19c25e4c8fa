"""`lvzhi generate_cases [--preset province] [--root CODE] [--cases N] [--seed S] [--no-events]
[--json]`: spread N process cases (default 100,000) over an existing scale tree (made by
`lvzhi generate_scale`), for benchmarks. Thin: everything happens in lvzhi.processes.scale."""

import json

from django.core.management.base import BaseCommand, CommandError

from lvzhi.orgs.scale import PRESETS
from lvzhi.processes import scale


class Command(BaseCommand):
    help = "在规模测试组织树上生成办件（默认 100,000 件），用于性能测试"

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=sorted(PRESETS), default="province")
        parser.add_argument("--root", help="组织树根节点代码（默认：该预设最新生成的一棵）")
        parser.add_argument("--cases", type=int, default=100_000, metavar="N")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--no-events", action="store_true", help="不生成办件记录（时间线）")
        parser.add_argument("--json", action="store_true", help="输出机器可读的汇总")

    def handle(self, *args, preset, root, cases, seed, batch_size, no_events, json, **options):
        if cases < 1:
            raise CommandError("--cases 至少为 1")
        progress = None if json else (lambda message: self.stdout.write(message))
        try:
            result = scale.generate_cases(
                preset=preset,
                root_code=root,
                cases=cases,
                seed=seed,
                batch_size=batch_size,
                events=not no_events,
                progress=progress,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if json:
            self.stdout.write(_dumps(result))
            return
        counts = result["counts"]
        self.stdout.write(
            f"已在 {result['root']} 下生成办件 {counts['cases']:,} 件（逾期 {counts['overdue']:,}），"
            f"环节 {counts['steps']:,}，记录 {counts['events']:,}"
        )
        self.stdout.write(
            "耗时（秒）："
            + "，".join(f"{name} {seconds:.2f}" for name, seconds in result["timings"].items())
        )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
