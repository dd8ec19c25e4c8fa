"""Committees, member profiles (R-EX-12), contact assignments (R-EX-08): services and pages.

Over 400 lines: services and pages of the profiles area together, with shared fixtures.
"""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core.models import AuditEvent
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import OutOfScope
from lvzhi.members.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    ContactAssignment,
    ContactKind,
    MemberProfile,
)
from lvzhi.members.profiles import selectors, services
from lvzhi.members.tests.conftest import committees  # noqa: F401
from lvzhi.orgs import services as org_services
from lvzhi.orgs.models import Kind, Level, Organization

PHONE = "13812345678"
MASKED = "138****5678"


def add_unit(parent, name, code, kind):
    org = Organization(name=name, code=code, system="fl", kind=kind, level=Level.GRASSROOTS)
    return Organization.objects.get(pk=Organization.objects.add_child(parent, instance=org).pk)


@pytest.fixture
def units(committees):  # noqa: F811
    tree = committees.tree

    class Units:
        group = tree.group  # 新河一社区第一妇女小组 (under 新河一社区, in 新河's subtree)
        micro_home = add_unit(tree.xinhe_1, "新河一社区巧手微家", "BH-XH-01-W1", Kind.MICRO_HOME)
        outside_group = add_unit(tree.dagu_1, "大沽一社区妇女小组", "BH-DG-01-G1", Kind.WOMEN_GROUP)

    return Units


@pytest.fixture
def cadre(committees, make_user):  # noqa: F811
    return make_user("xh_cadre", "cadre", committees.tree.xinhe)


@pytest.fixture
def dagu_cadre(committees, make_user):  # noqa: F811
    return make_user("dg_cadre", "cadre", committees.tree.dagu)


def fill_contacts(actor, person, units, women=10):
    services.contact_assign(actor=actor, person=person, kind=ContactKind.GROUP, unit=units.group)
    services.contact_assign(
        actor=actor, person=person, kind=ContactKind.MICRO_HOME, unit=units.micro_home
    )
    for index in range(women):
        services.contact_assign(
            actor=actor, person=person, kind=ContactKind.WOMAN, woman_name=f"联系妇女{index + 1}"
        )


def seat_rows(html):
    return html.count('class="seat-row')


# 执委会 ---------------------------------------------------------------------


def test_committee_page_lists_the_25_seats_with_titles_and_size_verdicts(client, committees, cadre):  # noqa: F811
    client.force_login(cadre)
    html = client.get(reverse("members:committee", args=[committees.tree.xinhe.pk])).content
    html = html.decode()
    assert seat_rows(html) == 25
    assert html.count('<td class="seat-title text-nowrap">主席</td>') == 1
    assert html.count('<td class="seat-title text-nowrap">副主席</td>') == 2
    assert html.count('<td class="seat-title text-nowrap">执委</td>') == 22
    # chair first, then the vice-chairs, then the members
    assert (
        html.index("新河街道执委1<") < html.index("新河街道执委2<") < html.index("新河街道执委4<")
    )
    assert 'id="committee-size">25<' in html
    assert 'data-rule="R-MB-01"' in html and 'data-rule="R-MB-02"' in html
    assert "CQ-ZT 第三条" in html and "原则上不少于25人" in html
    assert "2024-01-01" in html  # since when: the seat's start date


def test_committee_below_the_principle_shows_the_r_mb_01_warning(client, committees, cadre):  # noqa: F811
    for position in committees.tree.xinhe.positions.order_by("-id")[:2]:
        org_services.position_update(
            actor=cadre, position=position, end_date=dt.date(2025, 1, 1), end_reason="调离"
        )
    client.force_login(cadre)
    html = client.get(reverse("members:committee", args=[committees.tree.xinhe.pk])).content
    html = html.decode()
    assert seat_rows(html) == 23
    assert "verdict-warning" in html and "少于原则人数" in html


def test_contact_gaps_flagged_for_a_member_without_assignments_and_not_for_a_full_one(
    client, committees, cadre, units
):  # noqa: F811
    full, empty = committees.township[3], committees.township[4]
    fill_contacts(cadre, full, units)
    client.force_login(cadre)
    html = client.get(reverse("members:committee", args=[committees.tree.xinhe.pk])).content
    html = html.decode()
    full_row = html[html.index(f'data-person="{full.pk}"') :].split("</tr>")[0]
    empty_row = html[html.index(f'data-person="{empty.pk}"') :].split("</tr>")[0]
    assert "has-gaps" not in full_row[:60] and "1 / 1 / 10" in full_row
    assert "已达到" in full_row
    assert "0 / 0 / 0" in empty_row
    for gap in ("还需联系1个妇女小组", "还需联系1个妇女微家", "还需联系10名妇女群众"):
        assert gap in empty_row
    # R-EX-08 on the row as data only; its clause once, in the column header's 依据
    assert 'data-rule="R-EX-08"' in empty_row and "CQ-FN 附件6" not in empty_row
    assert re.sub(r"<[^>]+>", "", html).count("CQ-FN 附件6") == 1  # text, not attributes
    assert 'data-rule-basis="R-EX-08"' in html[html.index("<thead") : html.index("</thead>")]
    assert 'id="gap-count">24<' in html
    # the repeated warning summed up once, with a link to the list
    summary = html[html.index('id="gap-summary"') :].split("</div>")[0]
    assert "24 人缺联系对象" in summary
    assert reverse("members:contact-gaps", args=[committees.tree.xinhe.pk]) in summary

    gaps = client.get(reverse("members:contact-gaps", args=[committees.tree.xinhe.pk]))
    text = gaps.content.decode()
    xinhe = text[text.index(f'data-org="{committees.tree.xinhe.pk}"') :].split("</tr>")[0]
    village = text[text.index(f'data-org="{committees.tree.xinhe_1.pk}"') :].split("</tr>")[0]
    assert '<td class="gap-count">24</td>' in xinhe
    assert f'data-person="{full.pk}"' not in xinhe and f'data-person="{empty.pk}"' in xinhe
    assert '<td class="gap-count">12</td>' in village
    assert re.sub(r"<[^>]+>", "", text).count("CQ-FN 附件6") == 1  # once, in the 依据
    assert '<span class="rule-id">R-EX-08</span> · <span class="clause">CQ-FN 附件6</span>' in text
    assert f'data-org="{committees.tree.dagu.pk}"' not in text


def test_nine_women_is_still_a_gap_and_ending_one_reopens_it(committees, cadre, units):  # noqa: F811
    person = committees.township[5]
    fill_contacts(cadre, person, units, women=9)
    today = today_local()
    check = selectors.contact_counts([person.pk], today)[person.pk].check()
    assert not check.met and check.gaps == ("还需联系1名妇女群众",)
    services.contact_assign(
        actor=cadre, person=person, kind=ContactKind.WOMAN, woman_name="第十位", woman_phone=PHONE
    )
    assert selectors.contact_counts([person.pk], today)[person.pk].check().met
    group = ContactAssignment.objects.get(person=person, kind=ContactKind.GROUP)
    services.contact_end(actor=cadre, assignment=group)
    check = selectors.contact_counts([person.pk], today)[person.pk].check()
    assert check.gaps == ("还需联系1个妇女小组",)
    assert check.verdict.rule_id == "R-EX-08" and check.verdict.source == "CQ-FN 附件6"


def test_committee_page_queries_do_not_grow_with_the_committee(client, committees, cadre, units):  # noqa: F811
    for person in (committees.township[0], committees.township[7], committees.village[1]):
        fill_contacts(cadre, person, units, women=2)
        services.profile_update(actor=cadre, person=person, residence="新河", duties="联系妇女")
    client.force_login(cadre)
    counts = []
    for org in (committees.tree.xinhe_1, committees.tree.xinhe):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("members:committee", args=[org.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert seat_rows(response.content.decode()) == 25
    assert counts[0] == counts[1], counts


def test_contact_gaps_queries_do_not_grow_with_organizations(client, committees, cadre, units):  # noqa: F811
    client.force_login(cadre)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("members:contact-gaps", args=[committees.tree.xinhe_1.pk]))
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("members:contact-gaps", args=[committees.tree.xinhe.pk]))
    assert len(small) == len(large)


def test_committee_of_another_street_is_404_for_a_cadre(client, committees, dagu_cadre, units):  # noqa: F811
    client.force_login(dagu_cadre)
    person = committees.township[3]
    audit_before = AuditEvent.objects.count()
    for url in (
        reverse("members:committee", args=[committees.tree.xinhe.pk]),
        reverse("members:contact-gaps", args=[committees.tree.xinhe.pk]),
        reverse("members:profile", args=[person.pk]),
        reverse("members:profile-edit", args=[person.pk]),
        reverse("members:contact-add", args=[person.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "新河街道" not in response.content.decode()
    response = client.post(
        reverse("members:contact-add", args=[person.pk]),
        {"kind": "woman", "woman_name": "某某"},
    )
    assert response.status_code == 404
    response = client.post(reverse("members:profile-edit", args=[person.pk]), {"duties": "x"})
    assert response.status_code == 404
    assert AuditEvent.objects.count() == audit_before
    assert not ContactAssignment.objects.exists() and not MemberProfile.objects.exists()
    own = client.get(reverse("members:committee", args=[committees.tree.dagu.pk]))
    assert own.status_code == 200 and "当前没有在任执委" in own.content.decode()


def test_a_member_sees_no_committee_and_assigns_no_contacts(client, committees, units):  # noqa: F811
    member = committees.township[1]
    client.force_login(member.user)
    assert (
        client.get(reverse("members:committee", args=[committees.tree.xinhe.pk])).status_code == 404
    )
    assert client.get(reverse("members:contact-add", args=[member.pk])).status_code == 404
    page = client.get(reverse("members:profile", args=[member.pk])).content.decode()
    assert 'id="add-contact"' not in page and 'id="edit-profile"' in page


# 执委资料 -------------------------------------------------------------------


def test_member_edits_her_own_profile_but_not_another(client, committees):  # noqa: F811
    me, other = committees.township[0], committees.township[1]
    client.force_login(me.user)
    assert client.get(reverse("members:my-profile"))["Location"] == reverse(
        "members:profile", args=[me.pk]
    )
    response = client.post(
        reverse("members:profile-edit", args=[me.pk]),
        {
            "residence": "新河街道幸福里3号",
            "lives_here_since": "2010-05-01",
            "public_contact": "022-25201234",
            "duties": "联系第一妇女小组，宣讲政策",
            "yearly_tasks": "走访妇女30人次",
            "results": "",
        },
    )
    assert response.status_code == 302
    profile = MemberProfile.objects.get(person=me)
    assert profile.residence == "新河街道幸福里3号" and profile.lives_here_since == dt.date(
        2010, 5, 1
    )
    assert len(profile.public_token) >= 20 and not profile.is_published
    assert AuditEvent.objects.filter(object_type="members.memberprofile").exists()
    page = client.get(reverse("members:profile", args=[me.pk])).content.decode()
    assert "新河街道幸福里3号" in page and "2010-05-01" in page and "主席" in page

    audit_before = AuditEvent.objects.count()
    assert client.get(reverse("members:profile", args=[other.pk])).status_code == 404
    assert client.get(reverse("members:profile-edit", args=[other.pk])).status_code == 404
    response = client.post(reverse("members:profile-edit", args=[other.pk]), {"duties": "改别人"})
    assert response.status_code == 404
    assert not MemberProfile.objects.filter(person=other).exists()
    assert AuditEvent.objects.count() == audit_before
    with pytest.raises(OutOfScope):
        services.profile_update(actor=me.user, person=other, duties="改别人")


def test_profile_rejects_bad_dates_and_publishing_without_duties(client, committees, cadre):  # noqa: F811
    person = committees.township[2]
    client.force_login(cadre)
    response = client.post(
        reverse("members:profile-edit", args=[person.pk]),
        {"lives_here_since": "2020-01-01", "away_since": "2019-01-01", "is_published": "on"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "离开本地日期不能早于居住起始日期" in html
    assert "公开亮身份前请填写履职职责" in html
    assert (
        not MemberProfile.objects.exists()
        and not AuditEvent.objects.filter(object_type="members.memberprofile").exists()
    )
    future = today_local() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        services.profile_update(actor=cadre, person=person, lives_here_since=future)
    assert "居住起始日期不能晚于今天" in str(error.value)
    with pytest.raises(ValidationError):
        services.profile_update(actor=cadre, person=person, unknown="x")


def test_profile_for_creates_once_with_a_random_token(committees, cadre):  # noqa: F811
    person = committees.village[0]
    first = services.profile_for(person=person, actor=cadre)
    again = services.profile_for(person=person, actor=cadre)
    other = services.profile_for(person=committees.village[1], actor=cadre)
    assert first.pk == again.pk and first.public_token != other.public_token
    assert first.org_path == person.org_path
    assert MemberProfile.objects.count() == 2


def test_public_profile_is_404_until_published_then_shows_duties_and_counts(
    client, committees, cadre
):  # noqa: F811
    person = committees.township[0]
    org_services.person_update(actor=cadre, person=person, phone=PHONE)
    services.profile_update(
        actor=cadre,
        person=person,
        duties="联系第一妇女小组",
        yearly_tasks="开展家庭教育宣讲4场",
        results="帮扶困难妇女3人",
        public_contact="微信 xinhe-zhiwei",
    )
    token = MemberProfile.objects.get(person=person).public_token
    today = today_local()
    for kind, status, note in [
        (ActivityKind.LECTURE, ActivityStatus.CONFIRMED, "宣讲家庭教育"),
        (ActivityKind.LECTURE, ActivityStatus.RECORDED, "宣讲反家暴"),
        (ActivityKind.CONTACT, ActivityStatus.RETURNED, "退回的联系"),
        (ActivityKind.CONTACT, ActivityStatus.CONFIRMED, "走访"),
    ]:
        Activity.objects.create(
            person=person,
            organization=person.organization,
            org_path=person.org_path,
            kind=kind,
            date=today,
            status=status,
            note=note,
            women="王秘密",
        )
    Activity.objects.create(
        person=person,
        organization=person.organization,
        org_path=person.org_path,
        kind=ActivityKind.SURVEY,
        date=dt.date(today.year - 1, 6, 1),
    )
    url = reverse("members:public-profile", args=[token])
    qr = reverse("members:public-profile-qr", args=[token])
    assert client.get(url).status_code == 404
    assert client.get(qr).status_code == 404
    assert client.get(reverse("members:public-profile", args=["no-such-token"])).status_code == 404

    services.profile_update(actor=person.user, person=person, is_published=True)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert person.name in html and "新河街道妇女联合会 · 主席" in html
    assert (
        "联系第一妇女小组" in html and "开展家庭教育宣讲4场" in html and "帮扶困难妇女3人" in html
    )
    assert "微信 xinhe-zhiwei" in html
    assert '<tr data-kind="lecture"><td>宣讲</td><td class="text-end">2</td></tr>' in html
    assert '<tr data-kind="contact"><td>联系</td><td class="text-end">1</td></tr>' in html
    assert 'data-kind="survey"' not in html  # last year's
    for secret in (PHONE, MASKED, "王秘密", "宣讲家庭教育", "退回的联系"):
        assert secret not in html

    svg = client.get(qr)
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    body = svg.content.decode()
    assert body.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in body
    assert f"<title>http://testserver{url}</title>" in body

    services.profile_update(actor=cadre, person=person, is_published=False)
    assert client.get(url).status_code == 404 and client.get(qr).status_code == 404

    # Published, but she has left the committee: no longer public.
    services.profile_update(actor=cadre, person=person, is_published=True)
    assert client.get(url).status_code == 200
    person.positions.update(end_date=today - dt.timedelta(days=1))
    assert client.get(url).status_code == 404 and client.get(qr).status_code == 404


def test_profile_page_links_activities_when_that_page_exists(client, committees):  # noqa: F811
    from django.urls import NoReverseMatch

    me = committees.township[0]
    client.force_login(me.user)
    html = client.get(reverse("members:profile", args=[me.pk])).content.decode()
    try:
        activities = reverse("members:activities")
    except NoReverseMatch:
        assert 'id="activities-link"' not in html
    else:
        assert f'href="{activities}?person={me.pk}"' in html


# 联系对象 -------------------------------------------------------------------


def test_cadre_assigns_contacts_on_the_page_phone_masked_and_kept_out_of_audit(
    client, committees, cadre, units
):  # noqa: F811
    person = committees.township[3]
    client.force_login(cadre)
    form = client.get(reverse("members:contact-add", args=[person.pk])).content.decode()
    assert units.group.name in form and units.micro_home.name in form
    assert units.outside_group.name not in form
    for data in (
        {"kind": "group", "unit": units.group.pk},
        {"kind": "micro_home", "unit": units.micro_home.pk},
        {"kind": "woman", "woman_name": "李群众", "woman_phone": PHONE},
    ):
        response = client.post(reverse("members:contact-add", args=[person.pk]), data)
        assert response.status_code == 302, response.content.decode()
    page = client.get(reverse("members:profile", args=[person.pk])).content.decode()
    assert "李群众" in page and MASKED in page and PHONE not in page
    assert units.group.name in page and units.micro_home.name in page
    woman = ContactAssignment.objects.get(kind=ContactKind.WOMAN)
    assert woman.woman_phone == PHONE and woman.org_path == person.org_path
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT woman_phone FROM members_contactassignment WHERE id = %s", [woman.pk]
        )
        assert PHONE not in cursor.fetchone()[0]
    events = AuditEvent.objects.filter(object_type="members.contactassignment")
    assert events.count() == 3
    assert all(PHONE not in str(event.changes) for event in events)
    assert any(MASKED in str(event.changes) for event in events)

    services.contact_update(actor=cadre, assignment=woman, woman_phone="13900001111")
    assert all(
        "13900001111" not in str(e.changes) and PHONE not in str(e.changes)
        for e in AuditEvent.objects.all()
    )
    end = client.post(
        reverse("members:contact-end", args=[woman.pk]), {"end_date": today_local().isoformat()}
    )
    assert end.status_code == 302
    woman.refresh_from_db()
    assert woman.end_date == today_local()
    page = client.get(reverse("members:profile", args=[person.pk])).content.decode()
    assert 'id="ended-contacts"' in page and "还需联系10名妇女群众" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "group"}, "unit", "请选择妇女小组"),
        ({"kind": "micro_home", "unit": "group"}, "unit", "不是妇女微家"),
        ({"kind": "group", "unit": "outside_group"}, "unit", "不在新河街道妇女联合会的范围内"),
        ({"kind": "woman"}, "woman_name", "请填写妇女姓名"),
        ({"kind": "woman", "woman_name": "张", "woman_phone": "123"}, "woman_phone", "电话"),
        ({"kind": "woman", "woman_name": "张" * 51}, "woman_name", "不能超过50个字"),
        ({"kind": "lecture"}, "kind", "请选择联系对象类型"),
    ],
)
def test_bad_contact_assignments_are_refused_and_write_nothing(
    committees, cadre, units, data, field, message
):  # noqa: F811
    person = committees.township[3]
    data = dict(data)
    if isinstance(data.get("unit"), str):
        data["unit"] = getattr(units, data["unit"])
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.contact_assign(actor=cadre, person=person, **data)
    assert field in error.value.message_dict and message in str(error.value.message_dict[field])
    assert not ContactAssignment.objects.exists()
    assert AuditEvent.objects.count() == audit_before


def test_duplicates_and_bad_end_dates_are_refused(committees, cadre, units):  # noqa: F811
    person = committees.township[3]
    group = services.contact_assign(
        actor=cadre, person=person, kind=ContactKind.GROUP, unit=units.group
    )
    services.contact_assign(
        actor=cadre, person=person, kind=ContactKind.WOMAN, woman_name="李群众", woman_phone=PHONE
    )
    with pytest.raises(ValidationError, match="已在联系"):
        services.contact_assign(
            actor=cadre, person=person, kind=ContactKind.GROUP, unit=units.group
        )
    with pytest.raises(ValidationError, match="已在联系该妇女"):
        services.contact_assign(
            actor=cadre, person=person, kind="woman", woman_name="李群众", woman_phone=PHONE
        )
    # the same name with another phone is another woman
    services.contact_assign(
        actor=cadre, person=person, kind="woman", woman_name="李群众", woman_phone="13900001111"
    )
    with pytest.raises(ValidationError, match="结束日期不能早于联系起始日期"):
        services.contact_end(
            actor=cadre, assignment=group, end_date=group.start_date - dt.timedelta(days=1)
        )
    services.contact_end(actor=cadre, assignment=group)
    with pytest.raises(ValidationError, match="该联系已于"):
        services.contact_end(actor=cadre, assignment=group)
    # ended: the group may be assigned again
    services.contact_assign(actor=cadre, person=person, kind=ContactKind.GROUP, unit=units.group)
    with pytest.raises(ValidationError):
        services.contact_update(actor=cadre, assignment=group, kind="woman")


def test_a_village_cadre_cannot_assign_a_township_member(committees, make_user, units):  # noqa: F811
    village_cadre = make_user("v_cadre", "cadre", committees.tree.xinhe_1)
    with pytest.raises(OutOfScope):
        services.contact_assign(
            actor=village_cadre,
            person=committees.township[3],
            kind=ContactKind.GROUP,
            unit=units.group,
        )
    assignment = services.contact_assign(
        actor=village_cadre, person=committees.village[3], kind=ContactKind.GROUP, unit=units.group
    )
    assert assignment.organization == committees.tree.xinhe_1
