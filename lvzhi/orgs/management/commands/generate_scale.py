"""`lvzhi generate_scale --preset district|province|national [--townships FILE] [--members N]
[--seed S] [--json]`: build a realistic organization tree fast, under a new root, for
benchmarks. Thin: everything happens in lvzhi.orgs.scale."""

import json

from django.core.management.base import BaseCommand, CommandError

from lvzhi.orgs import scale


class Command(BaseCommand):
    help = "生成规模测试用的组织树（区县 / 省 / 全国），可选每个村（社区）的执委人员"

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=sorted(scale.PRESETS), default="district")
        parser.add_argument(
            "--townships",
            metavar="FILE",
            help='真实县、乡镇名称与代码（{县代码: {"county": 名称, "townships": {乡镇: 代码}}}）',
        )
        parser.add_argument(
            "--members",
            type=int,
            default=0,
            metavar="N",
            help="每个村（社区）妇联生成 N 名执委及职务",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--county", help="district 预设使用的县级代码（需配合 --townships）")
        parser.add_argument("--province", help="province 预设使用的省级代码前两位")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--json", action="store_true", help="输出机器可读的汇总")

    def handle(
        self,
        *args,
        preset,
        townships,
        members,
        seed,
        county,
        province,
        batch_size,
        json: bool,
        **options,
    ):
        if members < 0:
            raise CommandError("--members 不能为负数")
        progress = None if json else (lambda message: self.stdout.write(message))
        try:
            result = scale.generate(
                preset,
                townships_file=townships,
                members=members,
                seed=seed,
                county=county,
                province=province,
                batch_size=batch_size,
                progress=progress,
            )
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(str(exc)) from None
        if json:
            self.stdout.write(_dumps(result.as_dict()))
            return
        counts = result.counts
        levels = "，".join(
            f"{label} {counts[level]}"
            for level, label in (
                ("national", "全国"),
                ("province", "省"),
                ("city", "市"),
                ("county", "县"),
                ("township", "乡镇"),
                ("village", "村社区"),
            )
            if counts.get(level)
        )
        self.stdout.write(
            f"已生成 {result.root_code}（路径 {result.root_path}）：组织 {counts['organizations']} 个"
            f"（{levels}）"
            + (
                f"，人员 {counts['people']}，职务 {counts['positions']}"
                if "people" in counts
                else ""
            )
        )
        self.stdout.write(
            "耗时（秒）："
            + "，".join(f"{name} {seconds:.2f}" for name, seconds in result.timings.items())
        )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
