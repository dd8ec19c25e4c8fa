"""Versioned rule sets shipped as TOML in ``lvzhi/rulesets/``.

A rule set is data: each rule has an id (R-OR-08), its text and its source clause.
Verdicts carry the rule they applied, so a cadre can check them against the paper.
An organization may use another rule set (another province's variant) by code.
"""

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings

RULESET_DIR = Path(__file__).resolve().parent.parent / "rulesets"


@dataclass(frozen=True)
class Rule:
    id: str
    text: str
    source: str
    params: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class RuleSet:
    code: str
    name: str
    version: str
    rules: dict[str, Rule]

    def __getitem__(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise KeyError(f"规则集 {self.code} 中没有规则 {rule_id}") from None


@dataclass(frozen=True)
class Verdict:
    """An automated decision and the rule behind it."""

    rule_id: str
    source: str
    outcome: str
    detail: str = ""

    def as_dict(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "source": self.source,
            "outcome": self.outcome,
            "detail": self.detail,
        }


def available_rulesets() -> list[str]:
    return sorted(p.stem for p in RULESET_DIR.glob("*.toml"))


@lru_cache(maxsize=16)
def load_ruleset(code: str | None = None) -> RuleSet:
    code = code or settings.LVZHI_DEFAULT_RULESET
    path = RULESET_DIR / f"{code}.toml"
    if not path.exists():
        raise LookupError(f"未找到规则集 {code}（可用: {', '.join(available_rulesets())}）")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rules = {}
    for raw in data.get("rules", []):
        if raw["id"] in rules:
            raise ValueError(f"规则集 {code} 中规则 {raw['id']} 重复")
        rules[raw["id"]] = Rule(
            id=raw["id"], text=raw["text"], source=raw["source"], params=raw.get("params", {})
        )
    meta = data.get("meta", {})
    return RuleSet(
        code=code, name=meta.get("name", code), version=meta.get("version", ""), rules=rules
    )


def verdict(rule_id: str, outcome: str, detail: str = "", ruleset: str | None = None) -> Verdict:
    rule = load_ruleset(ruleset)[rule_id]
    return Verdict(rule_id=rule.id, source=rule.source, outcome=outcome, detail=detail)
