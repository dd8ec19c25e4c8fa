"""orgs rules take today as an argument: no clock inside the rule."""

import datetime as dt

import pytest
from stdnum.cn import ric

from lvzhi.orgs import rules


def _id_number(born: dt.date) -> str:
    body = f"120116{born:%Y%m%d}022"
    return body + ric.calc_check_digit(body + "0")


def test_a_birth_date_after_today_is_refused_against_the_given_today():
    number = _id_number(dt.date(2030, 5, 1))
    with pytest.raises(rules.RuleError, match="出生日期无效"):
        rules.normalize_id_number(number, today=dt.date(2030, 4, 30))
    assert rules.normalize_id_number(number, today=dt.date(2030, 5, 1)) == number


def test_the_term_verdict_reads_the_given_today():
    end = dt.date(2026, 6, 30)
    assert rules.term_verdict(end_date=end, today=end, renewed=False).outcome == "current"
    late = rules.term_verdict(end_date=end, today=end + dt.timedelta(days=3), renewed=False)
    assert (late.rule_id, late.outcome) == ("R-OR-08", "overdue") and "3" in late.detail
