"""The shared check of the 统一社会信用代码 (used by grassroots and social organizations)."""

import pytest

from lvzhi.core import identifiers
from lvzhi.grassroots import rules as grassroots_rules
from lvzhi.socialorgs import rules as socialorgs_rules

VALID = "91110000600037341L"


def test_uscc_valid_is_compacted_and_upper_cased():
    assert identifiers.normalize_uscc(" 91110000600037341l ") == VALID
    assert identifiers.normalize_uscc("9111 0000 6000 3734 1L") == VALID


@pytest.mark.parametrize("blank", ["", None, "   "])
def test_uscc_blank_is_empty(blank):
    assert identifiers.normalize_uscc(blank) == ""


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9111000060003734", "统一社会信用代码应为18位"),
        ("91110000600037341X", "统一社会信用代码校验位不正确，请核对最后一位"),
        ("9111000060003734I1", "统一社会信用代码格式不正确"),
    ],
)
def test_uscc_invalid_names_the_problem(value, message):
    with pytest.raises(identifiers.InvalidCode, match=message):
        identifiers.normalize_uscc(value)


@pytest.mark.parametrize("module", [grassroots_rules, socialorgs_rules])
def test_apps_raise_their_own_rule_error(module):
    assert module.normalize_uscc(VALID.lower()) == VALID
    with pytest.raises(module.RuleError, match="统一社会信用代码应为18位"):
        module.normalize_uscc("123")
