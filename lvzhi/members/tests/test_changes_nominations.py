"""Nominations (R-MB-12) over the database: by the masses against the committee size on the
day (below / at the threshold), by oneself (initial review, then party review), by the
party organization; a new candidate created inline; R-MB-03 kinds; who may act."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from lvzhi.members.changes import selectors, services
from lvzhi.members.models import MemberProfile, NominationStatus
from lvzhi.members.tests.test_changes_support import TODAY, counts, people  # noqa: F401
from lvzhi.orgs.models import Person


def nominate(people, org=None, **values):
    values.setdefault("channel", "party")
    return services.nomination_create(
        actor=people.cadre, organization=org or people.tree.xinhe_1, today=TODAY, **values
    )


def test_masses_below_threshold_is_refused_with_the_arithmetic(people):
    """新河一社区: 12 members → 三分之一以上 is 4 members; or 20 women."""
    candidate = Person.objects.create(
        organization=people.tree.xinhe_1, org_path=people.tree.xinhe_1.path, name="李梅"
    )
    before = counts()
    with pytest.raises(ValidationError) as refused:
        nominate(
            people, channel="masses", person=candidate, supporters_members=3, supporters_women=19
        )
    message = refused.value.message_dict["supporters_members"][0]
    assert message == ("推荐人数不足：需三分之一以上执委（4人，现3人）或20名以上妇女群众（现19人）")
    # A new candidate is not put on record either.
    with pytest.raises(ValidationError):
        nominate(
            people,
            channel="masses",
            new_person={"name": "王新", "workplace": "社区卫生站"},
            supporters_members=0,
            supporters_women=0,
        )
    assert counts() == before


@pytest.mark.parametrize(("members", "women"), [(4, 0), (0, 20), (12, 0)])
def test_masses_at_threshold(people, members, women):
    candidate = Person.objects.create(
        organization=people.tree.xinhe_1, org_path=people.tree.xinhe_1.path, name="李梅"
    )
    nomination = nominate(
        people,
        channel="masses",
        person=candidate,
        supporters_members=members,
        supporters_women=women,
    )
    supporters, state = nomination.verdicts
    assert supporters["rule_id"] == "R-MB-12" and supporters["source"] == "CQ-ZT 第十五条"
    assert supporters["detail"].startswith("执委会现有12人，三分之一以上为至少4人；")
    assert state["outcome"] == "pending" and "同级党组织审议通过" in state["detail"]
    assert not selectors.nomination_state(nomination).ready


def test_supporters_cannot_exceed_the_committee(people):
    before = counts()
    with pytest.raises(ValidationError) as refused:
        nominate(people, channel="masses", new_person={"name": "王新"}, supporters_members=13)
    assert "不能多于执委会人数（12人）" in str(refused.value)
    assert counts() == before


def test_new_candidate_created_inline(people):
    nomination = nominate(
        people,
        channel="masses",
        new_person={"name": "王新", "workplace": "新河一社区卫生站"},
        residence="新河一社区3号楼",
        supporters_women=25,
    )
    person = nomination.person
    assert (person.name, person.workplace) == ("王新", "新河一社区卫生站")
    assert person.organization == people.tree.xinhe_1
    assert nomination.residence == "新河一社区3号楼"
    assert not MemberProfile.objects.filter(person=person).exists()  # only once elected


def test_self_nomination_needs_initial_then_party_review(people):
    nomination = nominate(people, people.tree.xinhe, channel="self", new_person={"name": "赵敏"})
    before = counts()
    with pytest.raises(ValidationError) as early:
        services.nomination_review(
            actor=people.approver, nomination=nomination, action="party_review", today=TODAY
        )
    assert "请先完成：本级妇联组织初审" in str(early.value)
    with pytest.raises(PermissionDenied):
        services.nomination_review(
            actor=people.approver, nomination=nomination, action="initial_review"
        )
    assert counts() == before
    nomination = services.nomination_review(
        actor=people.cadre, nomination=nomination, action="initial_review", today=TODAY
    )
    assert nomination.status == NominationStatus.INITIAL_REVIEWED
    with pytest.raises(PermissionDenied):
        services.nomination_review(
            actor=people.cadre, nomination=nomination, action="party_review", today=TODAY
        )
    nomination = services.nomination_review(
        actor=people.approver, nomination=nomination, action="party_review", today=TODAY
    )
    assert nomination.status == NominationStatus.PARTY_APPROVED
    assert selectors.nomination_state(nomination).ready
    assert nomination.verdicts[-1]["outcome"] == "ready"


def test_party_nomination_is_ready_at_once(people):
    nomination = nominate(people, people.tree.xinhe, channel="party", new_person={"name": "钱红"})
    assert selectors.nomination_state(nomination).ready
    with pytest.raises(ValidationError):
        services.nomination_review(
            actor=people.approver, nomination=nomination, action="party_review"
        )


def test_reject_needs_a_reason(people):
    nomination = nominate(people, people.tree.xinhe, channel="self", new_person={"name": "赵敏"})
    with pytest.raises(ValidationError):
        services.nomination_review(actor=people.approver, nomination=nomination, action="reject")
    nomination = services.nomination_review(
        actor=people.approver, nomination=nomination, action="reject", note="不符合条件"
    )
    assert nomination.status == NominationStatus.REJECTED
    with pytest.raises(ValidationError):
        services.nomination_review(
            actor=people.cadre, nomination=nomination, action="initial_review"
        )


def test_extra_seat_kind_from_the_list(people):
    before = counts()
    with pytest.raises(ValidationError) as refused:
        nominate(people, new_person={"name": "孙丽"}, extra_seat_kind="musician")
    assert "第九条" in str(refused.value)
    assert counts() == before
    nomination = nominate(people, new_person={"name": "孙丽"}, extra_seat_kind="grid_worker")
    assert nomination.extra_seat_kind == "grid_worker"


def test_seated_member_and_open_nomination_are_refused(people):
    seated = people.village[4]
    before = counts()
    with pytest.raises(ValidationError) as refused:
        nominate(people, person=seated)
    assert "已在本届执委会担任此职务" in str(refused.value)
    assert counts() == before
    # A member may be nominated for vice-chair (R-MB-05), once.
    nominate(people, person=seated, title="vice_chair")
    with pytest.raises(ValidationError) as twice:
        nominate(people, person=seated, title="vice_chair")
    assert "待表决" in str(twice.value)


def test_who_may_nominate(people):
    outsider = Person.objects.create(
        organization=people.tree.dagu, org_path=people.tree.dagu.path, name="外人"
    )
    before = counts()
    with pytest.raises(Http404):
        services.nomination_create(
            actor=people.member,
            organization=people.tree.xinhe,
            channel="party",
            new_person={"name": "王新"},
        )
    with pytest.raises(Http404):
        services.nomination_create(
            actor=people.sibling,
            organization=people.tree.xinhe_1,
            channel="party",
            new_person={"name": "王新"},
        )
    with pytest.raises(ValidationError) as out_of_scope:
        nominate(people, person=outsider)
    assert "不在您的管理范围内" in str(out_of_scope.value)
    assert counts() == before
    nomination = nominate(people, people.tree.xinhe, new_person={"name": "王新"})
    with pytest.raises(Http404):
        selectors.get_nomination(people.sibling, nomination.pk)
    assert selectors.get_nomination(people.member, nomination.pk) == nomination
