"""Realistic organization trees at scale, for benchmarks and load tests.

``generate(preset=...)`` plans a tree (national → province → city → county → township →
village), gives it treebeard paths computed here (steplen 4, alphabet 0-9A-Z, siblings in
name order) and writes it with ``bulk_create``: Region rows first, then
organizations in path order, then optional committee members. Each run goes under a new
root whose codes start with ``SCALE-<preset>-<run>``; Region rows are shared by code
(an existing code is reused, with its name).

With a townships file (``{county_code: {"county": name, "townships": {name: code}}}``, the
format of ``shared/data/townships.json``), counties and townships carry their real names
and 12-digit statistical codes (stored as GB/T 2260 6-digit and 9-digit region codes);
otherwise names are synthetic and region codes use city numbers 51 and up, which no real
city has. Villages and communities are always synthetic. The run writes one audit event
(the summary), not one per row.

Modules: ``plan`` (presets and the tree in memory), ``write`` (regions, paths,
organizations and :func:`generate`), ``people`` (committee members with valid IDs).
"""

from .plan import PRESETS, PlanNode, Preset, load_townships, plan, split
from .write import Result, generate, next_run

__all__ = [
    "PRESETS",
    "PlanNode",
    "Preset",
    "Result",
    "generate",
    "load_townships",
    "next_run",
    "plan",
    "split",
]
