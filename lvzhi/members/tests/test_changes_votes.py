"""Vote sessions at the executive plenary (R-MB-13, R-MB-14) over the database: expected
members from the roster on the date, validity and election for expected 15 at 10/11 present
and 7/8 yes, impossible counts refused with nothing written, the elected member seated from
that date, the committee size before and after (R-MB-01…03)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from lvzhi.members.changes import selectors, services
from lvzhi.members.common.selectors import committee_size, seats
from lvzhi.members.models import MemberProfile, NominationStatus, VoteSession
from lvzhi.members.tests.test_changes_support import (
    TODAY,
    counts,
    meeting,
    people,  # noqa: F401
    seat_committee,
    seat_extra,
)
from lvzhi.orgs.models import Position, Title

D = dt.date
VOTE_DAY = D(2026, 11, 20)


@pytest.fixture
def fifteen(people, django_user_model, make_user):
    """大沽一社区妇联 with 15 members, a cadre of 大沽街道 (with its subtree) and a party
    nomination ready for the vote."""
    org = people.tree.dagu_1
    members = seat_committee(org, 15, django_user_model, "dagu1_member")
    cadre = make_user("dagu1_cadre", "cadre", org)
    nomination = services.nomination_create(
        actor=cadre,
        organization=org,
        channel="party",
        new_person={"name": "周婷", "workplace": "大沽一社区居委会"},
        residence="大沽一社区5号楼",
        today=TODAY,
    )
    return org, members, cadre, nomination


def record(actor, org, nomination, *, present, yes, no=0, abstain=0, **values):
    values.setdefault("date", VOTE_DAY)
    values.setdefault("counters", ["计票员甲"])
    values.setdefault("scrutineers_approved", True)
    return services.vote_session_record(
        actor=actor,
        organization=org,
        present=present,
        tallies=[(nomination, yes, no, abstain)],
        today=TODAY,
        **values,
    )


@pytest.mark.parametrize(
    ("present", "yes", "valid", "elected", "fragment"),
    [
        (10, 10, False, False, "未超过应到人数的三分之二（10人，须至少11人）"),
        (11, 7, True, False, "未超过应到人数的半数（7.5人，须至少8票），未当选"),
        (11, 8, True, True, "超过应到人数的半数（7.5人），当选"),
    ],
)
def test_expected_fifteen(fifteen, present, yes, valid, elected, fragment):
    org, members, cadre, nomination = fifteen
    session = record(
        cadre, org, nomination, present=present, yes=yes, no=present - yes, scrutineers=[members[3]]
    )
    assert session.expected == 15 and session.present == present
    assert session.is_valid is valid
    assert session.arithmetic[0].startswith(f"应到15人，实到{present}人")
    tally = session.tallies.get()
    assert tally.elected is elected and fragment in "".join(session.arithmetic)
    assert tally.arithmetic in session.arithmetic
    nomination.refresh_from_db()
    if not valid:
        assert nomination.status == NominationStatus.SUBMITTED  # may be voted again
    elif elected:
        assert nomination.status == NominationStatus.ELECTED
    else:
        assert nomination.status == NominationStatus.NOT_ELECTED
    assert committee_size(org, VOTE_DAY) == (16 if elected else 15)
    assert committee_size(org, VOTE_DAY - dt.timedelta(days=1)) == 15


def test_elected_member_is_seated_from_that_date(fifteen):
    org, members, cadre, nomination = fifteen
    record(cadre, org, nomination, present=12, yes=9, abstain=3, scrutineers=members[3:5])
    nomination.refresh_from_db()
    seat = nomination.position
    assert seat.person == nomination.person and seat.organization == org
    assert (seat.title, seat.start_date, seat.end_date) == (Title.MEMBER, VOTE_DAY, None)
    assert seat.term == selectors.term_on(org, VOTE_DAY)
    assert nomination.person in [s.person for s in seats(org, VOTE_DAY)]
    assert nomination.steps[-1]["step"] == "plenary_vote"
    profile = MemberProfile.objects.get(person=nomination.person)
    assert profile.residence == "大沽一社区5号楼"


def test_expected_comes_from_the_roster_on_the_date(fifteen):
    org, members, cadre, nomination = fifteen
    Position.objects.filter(person=members[14]).update(end_date=D(2026, 11, 1))
    seat_extra(org, 2, start=D(2026, 12, 1))  # seated after the vote
    session = record(cadre, org, nomination, present=10, yes=8, scrutineers=[members[3]])
    assert session.expected == 14  # 14 → at least 10 present (> 9.33), at least 8 yes
    assert session.is_valid and session.tallies.get().elected


@pytest.mark.parametrize(
    ("present", "yes", "no", "abstain", "message"),
    [
        (11, 8, 3, 1, "合计12票，多于实到人数11人"),
        (16, 9, 0, 0, "实到人数（16人）不能多于应到人数（15人）"),
    ],
)
def test_impossible_counts_are_refused_with_nothing_written(
    fifteen, present, yes, no, abstain, message
):
    org, members, cadre, nomination = fifteen
    before = counts()
    with pytest.raises(ValidationError) as refused:
        record(
            cadre,
            org,
            nomination,
            present=present,
            yes=yes,
            no=no,
            abstain=abstain,
            scrutineers=[members[3]],
        )
    assert message in str(refused.value)
    assert counts() == before
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED


def test_scrutineers_and_counters(fifteen, people):
    org, members, cadre, nomination = fifteen
    before = counts()
    with pytest.raises(ValidationError) as none:
        record(cadre, org, nomination, present=12, yes=9, scrutineers=[])
    assert "监票员应为1—2名，现0名" in str(none.value)
    with pytest.raises(ValidationError) as outsider:
        record(cadre, org, nomination, present=12, yes=9, scrutineers=[people.township[3]])
    assert f"监票员{people.township[3].name}不是出席会议的执委" in str(outsider.value)
    with pytest.raises(ValidationError) as three:
        record(
            cadre,
            org,
            nomination,
            present=12,
            yes=9,
            scrutineers=[members[3]],
            counters=["甲", "乙", "丙"],
        )
    assert "计票员应为1—2名，现3名" in str(three.value)
    with pytest.raises(ValidationError) as unapproved:
        record(
            cadre,
            org,
            nomination,
            present=12,
            yes=9,
            scrutineers=[members[3]],
            scrutineers_approved=False,
        )
    assert "须经执委会审议通过" in str(unapproved.value)
    assert counts() == before


def test_scrutineers_must_have_attended_the_meeting(fifteen):
    org, members, cadre, nomination = fifteen
    plenary = meeting(org, "执委会全体会议", VOTE_DAY, kind="plenary")
    from lvzhi.members.tests.test_changes_support import attend

    attend(plenary, members[3], "present")
    attend(plenary, members[4], "excused")
    before = counts()
    with pytest.raises(ValidationError) as refused:
        record(cadre, org, nomination, present=12, yes=9, scrutineers=[members[4]], meeting=plenary)
    assert f"监票员{members[4].name}不是出席会议的执委" in str(refused.value)
    assert counts() == before
    session = record(
        cadre, org, nomination, present=12, yes=9, scrutineers=[members[3]], meeting=plenary
    )
    assert session.meeting == plenary


def test_nomination_not_ready_is_refused(fifteen):
    org, members, cadre, _party = fifteen
    masses = services.nomination_create(
        actor=cadre,
        organization=org,
        channel="masses",
        new_person={"name": "吴琳"},
        supporters_members=5,
        today=TODAY,
    )
    before = counts()
    with pytest.raises(ValidationError) as refused:
        record(cadre, org, masses, present=12, yes=9, scrutineers=[members[3]])
    assert "尚不能提交表决：同级党组织审议通过" in str(refused.value)
    assert counts() == before


def test_r_mb_02_refuses_a_thirtieth_seat(people, make_user):
    """新河街道: 25 + 4 = 29 members; a 30th ordinary seat is refused, an R-MB-03 seat with
    its kind recorded is not."""
    org = people.tree.xinhe
    seat_extra(org, 4)
    assert committee_size(org, VOTE_DAY) == 29
    ordinary = services.nomination_create(
        actor=people.cadre,
        organization=org,
        channel="party",
        new_person={"name": "郑洁"},
        today=TODAY,
    )
    before = counts()
    with pytest.raises(ValidationError) as refused:
        record(people.cadre, org, ordinary, present=25, yes=20, scrutineers=[people.township[3]])
    assert "执委人数不得多于29人" in str(refused.value)
    assert "R-MB-02" in str(refused.value)
    assert counts() == before

    extra = services.nomination_create(
        actor=people.cadre,
        organization=org,
        channel="party",
        new_person={"name": "冯霞"},
        extra_seat_kind="grid_worker",
        today=TODAY,
    )
    session = record(people.cadre, org, extra, present=25, yes=20, scrutineers=[people.township[3]])
    assert (session.size_before, session.size_after) == (29, 30)
    rule_ids = {(v["rule_id"], v.get("when"), v["outcome"]) for v in session.verdicts}
    assert ("R-MB-03", "after", "ok") in rule_ids
    assert ("R-MB-02", "after", "ok") in rule_ids
    assert ("R-MB-14", None, "ok") in rule_ids
    assert committee_size(org, VOTE_DAY) == 30
    assert selectors.extra_seats_on(org, VOTE_DAY) == {"grid_worker": 1}


def test_village_size_principle_is_a_warning(people):
    """新河一社区: 15 → 16 ordinary members is above the principle (R-MB-01 warning), within
    the bound: recorded, with the warning."""
    org = people.tree.xinhe_1
    seat_extra(org, 3)
    nomination = services.nomination_create(
        actor=people.cadre,
        organization=org,
        channel="party",
        new_person={"name": "陈静"},
        today=TODAY,
    )
    session = record(
        people.cadre, org, nomination, present=12, yes=12, scrutineers=[people.village[3]]
    )
    after = [v for v in session.verdicts if v.get("when") == "after" and v["rule_id"] == "R-MB-01"]
    assert after[0]["outcome"] == "warning" and "多于原则人数" in after[0]["detail"]


def test_no_term_on_the_date_is_refused(fifteen):
    org, members, cadre, nomination = fifteen
    before = counts()
    with pytest.raises(ValidationError) as refused:
        record(
            cadre, org, nomination, present=12, yes=9, scrutineers=[members[3]], date=D(2023, 6, 1)
        )
    # Nobody sat on the committee then: the roster gives no expected members.
    assert "应到人数须至少为1人" in str(refused.value)
    assert counts() == before


def test_scope(fifteen, people):
    org, members, cadre, nomination = fifteen
    before = counts()
    with pytest.raises(Http404):
        record(people.cadre, org, nomination, present=12, yes=9, scrutineers=[members[3]])
    assert counts() == before
    session = record(cadre, org, nomination, present=12, yes=9, scrutineers=[members[3]])
    with pytest.raises(Http404):
        selectors.get_vote_session(people.cadre, session.pk)
    assert selectors.get_vote_session(cadre, session.pk) == session
    assert VoteSession.objects.count() == 1


def test_scrutineer_refused_when_nobody_attended(fifteen):
    """R-MB-14: an attendance list with nobody present leaves no member to serve as 监票员;
    the refusal cites the rule and its clause, and nothing is written."""
    org, members, cadre, nomination = fifteen
    plenary = meeting(org, "执委会全体会议", VOTE_DAY, kind="plenary")
    from lvzhi.members.tests.test_changes_support import attend

    for member in members[:3]:
        attend(plenary, member, "absent")
    before = counts()
    with pytest.raises(ValidationError) as refused:
        record(cadre, org, nomination, present=12, yes=9, scrutineers=[members[3]], meeting=plenary)
    message = str(refused.value)
    assert f"监票员{members[3].name}不是出席会议的执委" in message
    assert "R-MB-14" in message and "CQ-ZT 第十六条" in message
    assert counts() == before


def test_scrutineer_refused_when_none_present(fifteen):
    org, members, cadre, nomination = fifteen
    before = counts()
    with pytest.raises(ValidationError) as refused:
        record(cadre, org, nomination, present=0, yes=0, scrutineers=[members[3]])
    assert f"监票员{members[3].name}不是出席会议的执委" in str(refused.value)
    assert counts() == before


def test_scrutineer_refused_when_the_meeting_has_no_attendance_list(fifteen):
    """R-MB-14 (issue 12, 14): a present count says how many came, not who; with a meeting
    whose attendance is not recorded no seated member is confirmed present, so a named
    scrutineer is refused with the clause and nothing is written — the preview too."""
    org, members, cadre, nomination = fifteen
    plenary = meeting(org, "执委会全体会议", VOTE_DAY, kind="plenary")
    before = counts()
    for call in (services.vote_session_evaluate, services.vote_session_record):
        kwargs = {} if call is services.vote_session_evaluate else {"actor": cadre}
        with pytest.raises(ValidationError) as refused:
            call(
                organization=org,
                date=VOTE_DAY,
                present=12,
                scrutineers=[members[3]],
                counters=["计票员甲"],
                scrutineers_approved=True,
                tallies=[(nomination, 9, 0, 0)],
                meeting=plenary,
                today=TODAY,
                **kwargs,
            )
        message = str(refused.value)
        assert "所选会议未登记出席情况" in message
        assert f"监票员{members[3].name}不是出席会议的执委" in message
        assert "R-MB-14" in message and "CQ-ZT 第十六条" in message
    assert counts() == before
    nomination.refresh_from_db()
    assert nomination.status != NominationStatus.ELECTED
    assert not Position.objects.filter(person=nomination.person).exists()

    from lvzhi.members.tests.test_changes_support import attend

    attend(plenary, members[3], "present")  # the attendance list, once recorded, decides
    session = record(
        cadre, org, nomination, present=12, yes=9, scrutineers=[members[3]], meeting=plenary
    )
    assert session.meeting == plenary and session.is_valid
