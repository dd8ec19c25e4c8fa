import pytest

from lvzhi.core.numerals import cn_number


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "零"), (1, "一"), (3, "三"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九")],
)
def test_terms_and_shares_are_counted_in_chinese(n, text):
    assert cn_number(n) == text


@pytest.mark.parametrize("n", [100, 2026, -1])
def test_other_numbers_stay_in_digits(n):
    assert cn_number(n) == str(n)
