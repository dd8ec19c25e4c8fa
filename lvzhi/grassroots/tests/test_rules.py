"""R-OR-01…08 at their boundaries, as RULES.md reads them (以上/以下 include the number)."""

import datetime as dt

import pytest

from lvzhi.grassroots import rules


@pytest.mark.parametrize(
    ("female", "party", "rule_id", "outcome"),
    [
        (29, True, "R-OR-02", "joint_due"),
        (30, True, "R-OR-01", "standalone_due"),  # exactly 30 counts
        (31, True, "R-OR-01", "standalone_due"),
        (29, False, "R-OR-02", "joint_due"),
        (30, False, "R-OR-02", "joint_due"),
        (31, False, "R-OR-02", "joint_due"),
        (0, True, "R-OR-02", "joint_due"),
    ],
)
def test_sixin_form_boundaries(female, party, rule_id, outcome):
    verdict = rules.sixin_verdict(fixed_female_staff=female, has_party_organization=party)
    assert (verdict.rule_id, verdict.outcome) == (rule_id, outcome)
    assert verdict.source == "CQ-4X 二(三)"


def test_joint_verdict_names_every_reason():
    verdict = rules.sixin_verdict(fixed_female_staff=12, has_party_organization=False)
    assert "未建党组织" in verdict.detail
    assert "固定女职工12人（不满30人）" in verdict.detail


def test_covered_names_the_federation_under_the_rule_that_applies():
    verdict = rules.sixin_verdict(
        fixed_female_staff=40, has_party_organization=True, covered_by="某科技公司妇联"
    )
    assert (verdict.rule_id, verdict.outcome) == ("R-OR-01", "covered")
    assert "某科技公司妇联" in verdict.detail
    joint = rules.sixin_verdict(
        fixed_female_staff=5, has_party_organization=True, covered_by="园区妇联"
    )
    assert (joint.rule_id, joint.outcome) == ("R-OR-02", "covered")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("91110000600037341L", "91110000600037341L"),
        (" 9111 0000 6000 3734 1l ", "91110000600037341L"),
        ("", ""),
    ],
)
def test_uscc_valid(value, expected):
    assert rules.normalize_uscc(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("91110000600037341X", "校验位"),
        ("9111000060003734", "18位"),
        ("91110000600037341O", "格式"),  # O is not in the GB 32100 alphabet
    ],
)
def test_uscc_refused(value, message):
    with pytest.raises(rules.RuleError, match=message):
        rules.normalize_uscc(value)


def test_staff_errors():
    assert rules.staff_errors(fixed_staff=30, fixed_female_staff=30) == {}
    assert "fixed_female_staff" in rules.staff_errors(fixed_staff=29, fixed_female_staff=30)


@pytest.mark.parametrize(
    ("members", "leaders", "outcome"),
    [(2, 1, "invalid"), (3, 1, "valid"), (4, 1, "valid"), (3, 0, "invalid"), (3, 2, "invalid")],
)
def test_women_group(members, leaders, outcome):
    verdict = rules.women_group_verdict(fixed_members=members, leaders=leaders)
    assert (verdict.rule_id, verdict.outcome) == ("R-OR-03", outcome)


@pytest.mark.parametrize(
    ("vice_chairs", "outcome"), [(1, "refused"), (2, "accepted"), (3, "accepted"), (4, "refused")]
)
def test_vice_chairs(vice_chairs, outcome):
    verdict = rules.committee_verdict(chairs=1, vice_chairs=vice_chairs)
    assert (verdict.rule_id, verdict.outcome) == ("R-OR-04", outcome)


def test_two_chairs_refused():
    assert rules.committee_verdict(chairs=2, vice_chairs=2).outcome == "refused"


@pytest.mark.parametrize(
    ("women", "outcome"), [(99, "assembly"), (100, "assembly"), (101, "delegates")]
)
def test_assembly_or_delegates(women, outcome):
    verdict = rules.congress_form(women=women)
    assert (verdict.rule_id, verdict.outcome) == ("R-OR-05", outcome)


def test_founding_order_follows_the_kind():
    sixin = [code for code, _label in rules.founding_steps(system_federation=False)]
    system = [code for code, _label in rules.founding_steps(system_federation=True)]
    assert sixin.index("delegates") < sixin.index("candidates")
    assert system.index("candidates") < system.index("delegates")  # CQ-XT 四
    assert sixin[0] == "preparatory_group" and sixin[-1] == "filing"


def test_renewal_order_follows_the_kind():
    village = [code for code, _label in rules.renewal_steps(system_federation=False)]
    system = [code for code, _label in rules.renewal_steps(system_federation=True)]
    assert village == ["request", "delegates", "candidates", "congress", "first_meeting", "filing"]
    assert system == ["request", "candidates", "delegates", "congress", "first_meeting", "filing"]
    assert village[1:-1] == rules.election_steps(system_federation=False)
    assert system[1:-1] == rules.election_steps(system_federation=True)  # CQ-XT 四


def test_system_federation_names_what_is_missing():
    refused = rules.system_federation_check(subordinate_units=0, has_women_committee=False)
    assert refused.rule_id == "R-OR-06" and refused.outcome == "refused"
    assert "下属单位" in refused.detail and "妇委会" in refused.detail
    only_committee = rules.system_federation_check(subordinate_units=0, has_women_committee=True)
    assert "妇委会" not in only_committee.detail
    assert rules.system_federation_check(subordinate_units=3, has_women_committee=True).outcome == (
        "allowed"
    )


@pytest.mark.parametrize(
    ("code", "prefix"),
    [
        ("120000", "12"),
        ("120100", "1201"),
        ("120116", "120116"),
        ("120116001", "120116001"),
        ("120116001001", "120116001001"),
    ],
)
def test_region_prefix(code, prefix):
    assert rules.region_prefix(code) == prefix


def test_coverage_verdict():
    gap = rules.coverage_verdict(villages=4, covered=3)
    assert (gap.rule_id, gap.outcome) == ("R-OR-07", "gap")
    assert "75.0%" in gap.detail
    assert rules.coverage_verdict(villages=4, covered=4).outcome == "met"
    assert rules.coverage_verdict(villages=0, covered=0).outcome == "no_villages"
    with pytest.raises(rules.RuleError):
        rules.coverage_verdict(villages=2, covered=3)


@pytest.mark.parametrize(
    ("today", "stage"),
    [
        (dt.date(2026, 3, 29), "current"),
        (dt.date(2026, 3, 30), "due_6"),  # six months before 9-30, that day included
        (dt.date(2026, 6, 29), "due_6"),
        (dt.date(2026, 6, 30), "due_3"),
        (dt.date(2026, 9, 30), "due_3"),  # the last day of the term is not overdue
        (dt.date(2026, 10, 1), "overdue"),
    ],
)
def test_renewal_stage(today, stage):
    assert rules.renewal_stage(end_date=dt.date(2026, 9, 30), today=today) == stage


def test_renewal_window_on_a_short_month():
    assert rules.renewal_stage(end_date=dt.date(2026, 8, 31), today=dt.date(2026, 2, 28)) == "due_6"
    assert (
        rules.renewal_stage(end_date=dt.date(2026, 8, 31), today=dt.date(2026, 2, 27)) == "current"
    )


def test_ballots():
    assert rules.vote_counts_errors(issued=50, returned=50) == {}
    assert "returned" in rules.vote_counts_errors(issued=50, returned=51)


# Thresholds are rule-set data -------------------------------------------------------------


@pytest.fixture
def variant_ruleset(tmp_path, monkeypatch, settings):
    """Another province's rule set as a file, made from cq2019.toml with replacements: the
    grassroots rules read their numbers from it once it is the platform's default."""
    from lvzhi.core import rulesets

    cq2019 = (rulesets.RULESET_DIR / "cq2019.toml").read_text(encoding="utf-8")

    def write(*replacements: tuple[str, str]):
        text = cq2019
        for old, new in replacements:
            assert old in text, old
            text = text.replace(old, new)
        (tmp_path / "variant.toml").write_text(text, encoding="utf-8")
        monkeypatch.setattr(rulesets, "RULESET_DIR", tmp_path)
        settings.LVZHI_DEFAULT_RULESET = "variant"
        rulesets.load_ruleset.cache_clear()

    yield write
    rulesets.load_ruleset.cache_clear()


def test_cq2019_gives_every_threshold():
    assert rules.param("R-OR-01", "female_staff_min") == 30
    assert rules.param("R-OR-03", "members_min") == 3
    assert rules.param("R-OR-04", "vice_chairs_min") == 2
    assert rules.param("R-OR-04", "vice_chairs_max") == 3
    assert rules.param("R-OR-05", "assembly_max") == 100
    assert rules.param("R-OR-08", "remind_months") == [6, 3]


def test_another_rule_set_moves_the_thresholds(variant_ruleset):
    variant_ruleset(
        ("female_staff_min = 30", "female_staff_min = 50"),
        ("members_min = 3", "members_min = 5"),
        ("vice_chairs_max = 3", "vice_chairs_max = 4"),
        ("assembly_max = 100", "assembly_max = 200"),
        ("remind_months = [6, 3]", "remind_months = [1]"),
    )
    at_30 = rules.sixin_verdict(fixed_female_staff=30, has_party_organization=True)
    assert (at_30.rule_id, at_30.outcome) == ("R-OR-02", "joint_due")
    assert "不满50人" in at_30.detail
    at_50 = rules.sixin_verdict(fixed_female_staff=50, has_party_organization=True)
    assert (at_50.rule_id, at_50.outcome) == ("R-OR-01", "standalone_due")
    assert rules.women_group_verdict(fixed_members=4, leaders=1).outcome == "invalid"
    assert rules.women_group_verdict(fixed_members=5, leaders=1).outcome == "valid"
    assert rules.committee_verdict(chairs=1, vice_chairs=4).outcome == "accepted"
    assert rules.congress_form(women=150).outcome == "assembly"
    assert rules.congress_form(women=201).outcome == "delegates"
    end = dt.date(2027, 6, 30)
    assert rules.renewal_stage(end_date=end, today=dt.date(2027, 3, 1)) == "current"
    assert rules.renewal_stage(end_date=end, today=dt.date(2027, 5, 30)) == "due_1"


def test_a_rule_set_without_a_threshold_names_what_is_missing(variant_ruleset):
    variant_ruleset(("members_min = 3\n", ""))
    with pytest.raises(LookupError, match="规则集 variant 的 R-OR-03 缺少参数 members_min"):
        rules.women_group_verdict(fixed_members=3, leaders=1)
