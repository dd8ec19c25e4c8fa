"""Exits (R-MB-08…10) from real rows through the procedure of R-MB-11: recommendations with
evidence and clause, the order of the steps, the seat ending with its reason, terminations
announced at the next meeting. Boundaries of the rules are table-tested in
test_rules_exits.py; these tests cover the flows over the database."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from lvzhi.members.changes import selectors, services
from lvzhi.members.common.selectors import committee_size, ruleset_for
from lvzhi.members.models import ExitCase, ExitStatus
from lvzhi.members.tests.test_changes_support import (
    TODAY,
    attend,
    away,
    counts,
    meeting,
    people,  # noqa: F401
    year_result,
)
from lvzhi.orgs.models import PartyOrganization, Position

D = dt.date


def grounds(rows, person):
    return {r.ground: r for r in rows if r.person.pk == person.pk}


# 系统建议 -------------------------------------------------------------------


def test_two_failed_years_recommend_advised_resignation(people):
    org, (a, b, c) = people.tree.xinhe, people.township[3:6]
    year_result(a, org, 2024, "不合格")
    year_result(a, org, 2025, "不合格")
    year_result(b, org, 2023, "不合格")  # not consecutive
    year_result(b, org, 2025, "不合格")
    year_result(c, org, 2025, "不合格")
    year_result(c, org, 2024, "合格")
    rows = selectors.recommendations_for(org, TODAY)
    found = grounds(rows, a)["failed_evaluations"]
    assert found.recommendation.evidence == "2024、2025 年度评议不合格"
    assert found.recommendation.verdict.rule_id == "R-MB-09"
    assert found.recommendation.clause == "CQ-ZT 第十二条"
    assert found.facts == {"years": [2024, 2025]}
    assert not grounds(rows, b) and not grounds(rows, c)


def test_three_unexcused_absences_name_the_meetings(people):
    org, (a, b) = people.tree.xinhe, people.township[3:5]
    held = [
        meeting(org, "第一季度执委会", D(2025, 3, 20)),
        meeting(org, "第二季度执委会", D(2025, 6, 20)),
        meeting(org, "执委会全体会议", D(2025, 9, 20), kind="plenary"),
        meeting(org, "第四季度执委会", D(2025, 12, 20)),
    ]
    for m, status in zip(held, ["present", "absent", "absent", "absent"], strict=True):
        attend(m, a, status)
    # An excused absence breaks b's run.
    for m, status in zip(held, ["absent", "absent", "excused", "absent"], strict=True):
        attend(m, b, status)
    rows = selectors.recommendations_for(org, TODAY)
    found = grounds(rows, a)["absences"]
    assert found.recommendation.evidence == (
        "无故连续3次不出席执委会：第二季度执委会（2025年6月20日）、"
        "执委会全体会议（2025年9月20日）、第四季度执委会（2025年12月20日）"
    )
    assert [m["id"] for m in found.facts["meetings"]] == [m.pk for m in held[1:]]
    assert "absences" not in grounds(rows, b)


def test_standing_committee_meetings_do_not_count(people):
    org, a = people.tree.xinhe, people.township[3]
    for month in (3, 6, 9):
        attend(meeting(org, f"常委会{month}", D(2025, month, 1), kind="standing"), a, "absent")
    assert "absences" not in grounds(selectors.recommendations_for(org, TODAY), a)


def test_away_one_year_to_the_day(people):
    """The rules module's decision: 1年以上 includes the anniversary itself."""
    org, a = people.tree.xinhe, people.township[3]
    away(a, D(2025, 11, 29))
    assert "away" not in grounds(selectors.recommendations_for(org, D(2026, 11, 28)), a)
    row = grounds(selectors.recommendations_for(org, D(2026, 11, 29)), a)["away"]
    assert row.recommendation.kind == "self_release"
    assert row.recommendation.verdict.rule_id == "R-MB-08"
    assert "已满1年" in row.recommendation.evidence
    assert row.facts == {"away_since": "2025-11-29"}


def test_only_seated_members_are_considered(people):
    org, a = people.tree.xinhe, people.township[3]
    year_result(a, org, 2024, "不合格")
    year_result(a, org, 2025, "不合格")
    Position.objects.filter(person=a).update(end_date=D(2026, 1, 1), end_reason="届中调离")
    assert not grounds(selectors.recommendations_for(org, TODAY), a)


def test_recommendation_query_count_does_not_grow(people, django_assert_max_num_queries):
    org = people.tree.xinhe
    for person in people.township[3:]:
        year_result(person, org, 2024, "不合格")
        year_result(person, org, 2025, "不合格")
        away(person, D(2024, 1, 1))
    with django_assert_max_num_queries(6):
        rows = selectors.recommendations_for(org, TODAY)
    assert len(rows) == 2 * 22


# 立案 -----------------------------------------------------------------------


def _failed_case(people, person=None):
    org = people.tree.xinhe
    person = person or people.township[5]
    year_result(person, org, 2024, "不合格")
    year_result(person, org, 2025, "不合格")
    return services.exit_open(
        actor=people.cadre,
        organization=org,
        person=person,
        ground="failed_evaluations",
        today=TODAY,
    )


def test_open_case_from_recommendation_keeps_evidence_and_clause(people):
    case = _failed_case(people)
    assert case.status == ExitStatus.RECOMMENDED
    assert (case.kind, case.rule_id, case.source) == ("advised", "R-MB-09", "CQ-ZT 第十二条")
    assert case.evidence[0]["text"] == "2024、2025 年度评议不合格"
    assert case.position.person_id == case.person_id
    # Nothing is removed: the seat is still held.
    assert case.position.end_date is None
    row = grounds(selectors.recommendations_for(people.tree.xinhe, TODAY), case.person)
    assert row["failed_evaluations"].case == case and not row["failed_evaluations"].can_open


def test_open_refuses_duplicates_and_grounds_without_evidence(people):
    case = _failed_case(people)
    before = counts()
    with pytest.raises(ValidationError) as duplicate:
        services.exit_open(
            actor=people.cadre,
            organization=people.tree.xinhe,
            person=case.person,
            ground="failed_evaluations",
            today=TODAY,
        )
    assert "未办结" in str(duplicate.value)
    with pytest.raises(ValidationError) as no_evidence:
        services.exit_open(
            actor=people.cadre,
            organization=people.tree.xinhe,
            person=people.township[6],
            ground="absences",
            today=TODAY,
        )
    assert "没有发现" in str(no_evidence.value)
    assert counts() == before


def test_entered_grounds(people):
    org = people.tree.xinhe
    resigned = services.exit_open(
        actor=people.cadre,
        organization=org,
        person=people.township[7],
        ground="resigned",
        date=D(2026, 10, 8),
        today=TODAY,
    )
    assert resigned.kind == "self_release" and resigned.rule_id == "R-MB-08"
    assert resigned.evidence[0]["text"] == "本人于2026年10月8日提出辞去执委职务"
    terminated = services.exit_open(
        actor=people.cadre,
        organization=org,
        person=people.township[8],
        ground="penalty",
        note="2026年9月受行政拘留",
        today=TODAY,
    )
    assert terminated.kind == "termination" and terminated.rule_id == "R-MB-10"
    assert terminated.source == "CQ-ZT 第十三条, 第十七条"
    assert "行政拘留" in terminated.evidence[0]["text"]
    before = counts()
    with pytest.raises(ValidationError) as missing_date:
        services.exit_open(
            actor=people.cadre, organization=org, person=people.township[9], ground="resigned"
        )
    assert "辞职的日期" in str(missing_date.value)
    with pytest.raises(ValidationError):
        services.exit_open(
            actor=people.cadre, organization=org, person=people.township[9], ground="no_such"
        )
    assert counts() == before


def test_scope_sibling_cadre_and_member(people):
    case = _failed_case(people)
    before = counts()
    with pytest.raises(Http404):
        services.exit_open(
            actor=people.sibling,
            organization=people.tree.xinhe,
            person=people.township[6],
            ground="resigned",
            date=TODAY,
        )
    with pytest.raises(Http404):
        selectors.get_exit_case(people.sibling, case.pk)
    with pytest.raises(Http404):
        selectors.get_exit_case(people.member, case.pk)
    # A member cannot propose (and cannot even see the case).
    with pytest.raises(PermissionDenied):
        services.exit_step(actor=people.member, case=case, step="proposal", date=TODAY)
    assert counts() == before
    assert selectors.get_exit_case(people.approver, case.pk) == case


# 程序 -----------------------------------------------------------------------


def test_procedure_order_is_enforced(people):
    case = _failed_case(people)
    before = counts()
    with pytest.raises(ValidationError) as early_approval:
        services.exit_step(
            actor=people.approver, case=case, step="party_approval", date=TODAY, today=TODAY
        )
    assert "还缺少：同级妇联组织提出建议" in str(early_approval.value)
    with pytest.raises(ValidationError) as early_vote:
        services.exit_step(
            actor=people.cadre, case=case, step="plenary_vote", date=TODAY, today=TODAY
        )
    assert "同级妇联组织提出建议、同级党组织批准同意" in str(early_vote.value)
    with pytest.raises(PermissionDenied):
        services.exit_step(
            actor=people.cadre, case=case, step="party_approval", date=TODAY, today=TODAY
        )
    with pytest.raises(PermissionDenied):
        services.exit_step(actor=people.approver, case=case, step="proposal", date=TODAY)
    assert counts() == before
    assert ExitCase.objects.get(pk=case.pk).steps == case.steps


def test_release_ends_the_seat_with_its_reason_on_the_vote_date(people):
    case = _failed_case(people)
    org = people.tree.xinhe
    services.exit_step(
        actor=people.cadre, case=case, step="proposal", date=D(2026, 11, 2), today=TODAY
    )
    case = services.exit_step(
        actor=people.approver,
        case=case,
        step="party_approval",
        date=D(2026, 11, 10),
        today=TODAY,
    )
    assert case.status == ExitStatus.APPROVED
    assert Position.objects.get(pk=case.position_id).end_date is None
    before = counts()
    with pytest.raises(ValidationError) as too_early:
        services.exit_step(
            actor=people.cadre, case=case, step="plenary_vote", date=D(2026, 11, 9), today=TODAY
        )
    assert "不能早于上一步骤" in str(too_early.value)
    with pytest.raises(ValidationError):
        services.exit_step(
            actor=people.cadre, case=case, step="plenary_vote", date=D(2026, 12, 1), today=TODAY
        )
    assert counts() == before
    plenary = meeting(org, "执委会全体会议", D(2026, 11, 20), kind="plenary")
    case = services.exit_step(
        actor=people.cadre, case=case, step="plenary_vote", meeting=plenary, today=TODAY
    )
    assert case.status == ExitStatus.EFFECTIVE and case.effective_on == D(2026, 11, 20)
    seat = Position.objects.get(pk=case.position_id)
    assert seat.end_date == D(2026, 11, 20)
    assert seat.end_reason == "组织劝退：年度述职评议连续2年不合格（R-MB-09，CQ-ZT 第十二条）"
    assert committee_size(org, D(2026, 11, 20)) == 25
    assert committee_size(org, D(2026, 11, 21)) == 24
    assert [s["step"] for s in case.steps] == [
        "opened",
        "proposal",
        "party_approval",
        "plenary_vote",
    ]
    with pytest.raises(ValidationError) as again:
        services.exit_step(
            actor=people.cadre, case=case, step="plenary_vote", date=TODAY, today=TODAY
        )
    assert "已经完成" in str(again.value)


def test_listed_party_organization_approver_may_approve(people, make_user):
    org = people.tree.xinhe
    secretary = make_user("xinhe_secretary")
    party = PartyOrganization.objects.create(
        organization=org, org_path=org.path, name="新河街道党工委"
    )
    party.approvers.add(secretary)
    org.party_organization = party
    org.save(update_fields=["party_organization"])
    case = _failed_case(people)
    services.exit_step(actor=people.cadre, case=case, step="proposal", date=TODAY, today=TODAY)
    assert selectors.get_exit_case(secretary, case.pk) == case
    case = services.exit_step(
        actor=secretary, case=case, step="party_approval", date=TODAY, today=TODAY
    )
    assert case.status == ExitStatus.APPROVED


def test_termination_is_effective_on_party_approval_and_announced_next_meeting(people):
    org = people.tree.xinhe
    person = people.township[8]
    case = services.exit_open(
        actor=people.cadre, organization=org, person=person, ground="party_expulsion", today=TODAY
    )
    assert selectors.next_steps(case) == ["proposal", "party_approval", "announcement"]
    earlier = meeting(org, "第三季度执委会", D(2026, 9, 10))
    services.exit_step(
        actor=people.cadre, case=case, step="proposal", date=D(2026, 10, 9), today=TODAY
    )
    case = services.exit_step(
        actor=people.approver,
        case=case,
        step="party_approval",
        date=D(2026, 10, 12),
        today=TODAY,
    )
    assert case.status == ExitStatus.EFFECTIVE and case.effective_on == D(2026, 10, 12)
    seat = Position.objects.get(pk=case.position_id)
    assert seat.end_date == D(2026, 10, 12)
    assert seat.end_reason.startswith("资格终止：因违纪被开除党籍，受到组织处理（R-MB-10")
    verdicts = case.steps[-1]["verdicts"]
    assert [v["rule_id"] for v in verdicts] == ["R-MB-11", "R-MB-10"]

    pending = selectors.unannounced_terminations(ExitCase.objects.filter(organization=org))
    assert [p.case for p in pending] == [case] and pending[0].next_meeting is None
    nxt = meeting(org, "第四季度执委会", D(2026, 11, 18))
    pending = selectors.unannounced_terminations(ExitCase.objects.filter(organization=org))
    assert pending[0].next_meeting == nxt

    before = counts()
    with pytest.raises(ValidationError) as too_early:
        services.exit_step(
            actor=people.cadre, case=case, step="announcement", meeting=earlier, today=TODAY
        )
    assert "不能早于" in str(too_early.value)
    with pytest.raises(ValidationError) as no_meeting:
        services.exit_step(
            actor=people.cadre, case=case, step="announcement", date=TODAY, today=TODAY
        )
    assert "请选择通报" in str(no_meeting.value)
    assert counts() == before
    case = services.exit_step(
        actor=people.cadre, case=case, step="announcement", meeting=nxt, today=TODAY
    )
    assert case.announced_at == nxt
    assert selectors.unannounced_terminations(ExitCase.objects.filter(organization=org)) == []


def test_dismiss(people):
    case = _failed_case(people)
    before = counts()
    with pytest.raises(ValidationError):
        services.exit_dismiss(actor=people.cadre, case=case, reason="  ")
    with pytest.raises(PermissionDenied):
        services.exit_dismiss(actor=people.approver, case=case, reason="理由")
    assert counts() == before
    case = services.exit_dismiss(actor=people.cadre, case=case, reason="经谈话已改进")
    assert case.status == ExitStatus.DISMISSED
    with pytest.raises(ValidationError):
        services.exit_step(actor=people.cadre, case=case, step="proposal", date=TODAY)
    row = grounds(selectors.recommendations_for(people.tree.xinhe, TODAY), case.person)
    assert row["failed_evaluations"].can_open  # may be raised again


def test_ruleset_map_matches_ruleset_for(people):
    from lvzhi.members.models import RulesetChoice

    tree = people.tree
    RulesetChoice.objects.create(organization=tree.xinhe, ruleset="cq2019")
    orgs = [tree.city, tree.district, tree.xinhe, tree.xinhe_1, tree.dagu, tree.group]
    expected = {o.path: ruleset_for(o) for o in orgs}
    assert selectors.ruleset_map(orgs) == expected
    assert expected[tree.xinhe_1.path] == "cq2019" and expected[tree.dagu.path] is None
