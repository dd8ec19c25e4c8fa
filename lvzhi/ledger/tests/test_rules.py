"""The ledger's pure rules, read like RULES.md."""

import datetime as dt

from lvzhi.ledger import rules

from .conftest import TODAY, id_number


def test_only_community_federations_keep_a_ledger():
    assert rules.ledger_organization_error(system="fl", kind="local", level="village") is None
    assert rules.ledger_organization_error(system="fl", kind="local", level="township")
    assert rules.ledger_organization_error(system="gh", kind="grassroots_union", level="village")


def test_entry_contradicting_its_id_number():
    number = id_number("19850312", "002")
    assert rules.entry_errors(id_number=number, gender="F", birth_year=1985, today=TODAY) == {}
    errors = rules.entry_errors(id_number=number, gender="M", birth_year=1986, today=TODAY)
    assert errors == {"gender": "性别与身份证号不一致", "birth_year": "出生年份与身份证号不一致"}
    assert "birth_year" in rules.entry_errors(
        id_number="", gender="F", birth_year=2027, today=TODAY
    )


def test_category_dates():
    assert (
        rules.category_errors(
            start_date=dt.date(2026, 1, 1), end_date=None, today=TODAY, already_open=False
        )
        == {}
    )
    errors = rules.category_errors(
        start_date=dt.date(2026, 12, 1),
        end_date=dt.date(2026, 11, 1),
        today=TODAY,
        already_open=True,
    )
    assert set(errors) == {"start_date", "end_date", "category"}


def test_transfer_goes_to_another_community_one_at_a_time():
    ok = dict(from_path="0001", to_path="0002", to_system="fl", to_kind="local", to_level="village")
    assert rules.transfer_errors(**ok, pending=False) == {}
    assert rules.transfer_errors(**{**ok, "to_path": "0001"}, pending=False) == {
        "to_organization": "迁入社区不能是本社区"
    }
    assert "to_organization" in rules.transfer_errors(
        **{**ok, "to_level": "township"}, pending=False
    )
    assert "entry" in rules.transfer_errors(**ok, pending=True)


def test_decision_needs_pending_and_a_reason_to_refuse():
    assert rules.decision_errors(status="pending", decision="accept", note="") == {}
    assert rules.decision_errors(status="pending", decision="reject", note=" ") == {
        "decision_note": "退回时请填写原因"
    }
    assert "status" in rules.decision_errors(status="accepted", decision="accept", note="")


def test_visits_due_once_a_quarter_oldest_first():
    last = {
        1: TODAY - dt.timedelta(days=10),
        2: None,
        3: TODAY - dt.timedelta(days=91),
        4: TODAY - dt.timedelta(days=200),
    }
    assert rules.visits_due(last, TODAY) == [2, 4, 3]
    assert rules.visit_errors(date=TODAY + dt.timedelta(days=1), today=TODAY) == {
        "date": "走访日期不能晚于今天"
    }


def test_r_ex_08_ten_women():
    unmet = rules.women_contacted_verdict(contacted=7)
    assert (unmet.rule_id, unmet.outcome, unmet.source) == ("R-EX-08", "unmet", "CQ-FN 附件6")
    assert "还差 3 名" in unmet.detail
    assert rules.women_contacted_verdict(contacted=10).outcome == "met"


def test_r_rt_05_recheck_every_half_year():
    last = {1: None, 2: TODAY - dt.timedelta(days=184), 3: TODAY - dt.timedelta(days=183)}
    verdicts = rules.recheck_verdicts(last, TODAY)
    assert {pk: v.outcome for pk, v in verdicts.items()} == {1: "due", 2: "due", 3: "ok"}
    assert verdicts[1].rule_id == "R-RT-05" and verdicts[1].detail == "尚未复核"
    assert "已超过 183 天" in verdicts[2].detail
