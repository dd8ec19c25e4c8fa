"""R-HM-07 deliberation (议事): topics from visits, the mailbox and the public form; a
meeting with its members and the invited village leaders (verdict with the rule id); a
decision per topic, fed back to the women and, for a major issue, reported up; the pages,
the API, scope (404) and the public form's privacy and rate limit."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from lvzhi.core.periods import today_local
from lvzhi.homes import rules
from lvzhi.homes.deliberation import services
from lvzhi.homes.models import Decision, Meeting, Topic

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("roles", "outcome"),
    [
        (["chair", "member", "secretary"], "ok"),
        (["chair", "member", "committee"], "ok"),
        (["chair", "member"], "incomplete"),
        (["chair", "secretary"], "incomplete"),
        ([], "incomplete"),
    ],
)
def test_meeting_verdict(roles, outcome):
    result = rules.meeting_verdict(roles)
    assert (result.rule_id, result.outcome) == ("R-HM-07", outcome)


@pytest.mark.parametrize(
    ("major", "feedback", "reported", "outcome"),
    [
        (False, None, None, "pending"),
        (False, dt.date(2026, 5, 1), None, "done"),
        (True, dt.date(2026, 5, 1), None, "pending"),
        (True, None, dt.date(2026, 5, 1), "pending"),
        (True, dt.date(2026, 5, 1), dt.date(2026, 5, 2), "done"),
    ],
)
def test_decision_verdict(major, feedback, reported, outcome):
    result = rules.decision_verdict(major=major, feedback_on=feedback, reported_on=reported)
    assert (result.rule_id, result.outcome) == ("R-HM-07", outcome)


def _topic(cadre, home, title="村道路灯不亮", **kw):
    return services.topic_create(
        actor=cadre,
        home=home,
        title=title,
        source=kw.pop("source", "visit"),
        raised_on=today_local(),
        raised_by="张大姐",
        contact="13800001234",
        **kw,
    )


PEOPLE = [("chair", "王主席"), ("member", "李执委"), ("secretary", "赵书记")]


def test_the_whole_way(cadre, homes):
    home = homes["xinhe_1"]
    topic = _topic(cadre, home)
    other = _topic(cadre, home, "留守儿童课后托管")
    with pytest.raises(ValidationError) as exc:  # a meeting without topics or members
        services.meeting_record(
            actor=cadre,
            home=home,
            date=today_local(),
            form="plenary",
            chair="",
            topics=[],
            participants=[],
        )
    assert {"topics", "chair", "participants"} <= set(exc.value.message_dict)
    assert not Meeting.objects.exists()
    meeting = services.meeting_record(
        actor=cadre,
        home=home,
        date=today_local(),
        form="plenary",
        chair="王主席",
        topics=[topic, other],
        participants=PEOPLE,
    )
    assert meeting.verdicts[-1]["rule_id"] == "R-HM-07" and meeting.verdicts[-1]["outcome"] == "ok"
    assert meeting.participants.count() == 3
    decision = services.decision_record(
        actor=cadre, meeting=meeting, topic=topic, text="协调村委更换路灯", major=True
    )
    assert Topic.objects.get(pk=topic.pk).status == "decided"
    assert decision.verdicts[-1]["outcome"] == "pending"
    with pytest.raises(ValidationError):  # a second decision on the same topic
        services.decision_record(actor=cadre, meeting=meeting, topic=topic, text="再议")
    with pytest.raises(ValidationError):  # feedback before the meeting
        services.decision_feedback(
            actor=cadre,
            decision=decision,
            feedback_on=today_local() - dt.timedelta(days=1),
            feedback="电话告知",
        )
    decision = services.decision_feedback(
        actor=cadre, decision=decision, feedback_on=today_local(), feedback="电话告知张大姐"
    )
    assert Topic.objects.get(pk=topic.pk).status == "answered"
    assert decision.verdicts[-1]["outcome"] == "pending"  # major: still to report
    decision = services.decision_report(
        actor=cadre, decision=decision, reported_on=today_local(), reported_to="both"
    )
    assert decision.verdicts[-1]["outcome"] == "done"
    minor = services.decision_record(actor=cadre, meeting=meeting, topic=other, text="开办托管班")
    with pytest.raises(ValidationError):  # only a major issue is reported
        services.decision_report(
            actor=cadre, decision=minor, reported_on=today_local(), reported_to="upper"
        )


def test_scope_and_topics_of_another_home(cadre, homes, make_user, org_tree):
    foreign = _topic(make_user("dg", "cadre", org_tree.dagu), homes["dagu_1"])
    with pytest.raises(ValidationError):
        services.meeting_record(
            actor=cadre,
            home=homes["xinhe_1"],
            date=today_local(),
            form="plenary",
            chair="王主席",
            topics=[foreign],
            participants=PEOPLE,
        )
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises((PermissionDenied, Http404)):
        _topic(cadre, homes["dagu_1"])


def test_pages(client, cadre, homes, make_user, org_tree):
    home = homes["xinhe_1"]
    client.force_login(cadre)
    url = reverse("homes:deliberation", args=[home.pk])
    assert "R-HM-07" in client.get(url).content.decode()
    assert client.post(url, {"title": "", "source": "visit"}).status_code == 400
    response = client.post(
        url,
        {"title": "广场舞噪音", "source": "mailbox", "raised_on": today_local().isoformat()},
    )
    assert response.status_code == 302
    topic = Topic.objects.get(title="广场舞噪音")
    add = reverse("homes:meeting-add", args=[home.pk])
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {
            "date": today_local().isoformat(),
            "form": "on_site",
            "mode": "one_issue",
            "chair": "王主席",
            "topics": [topic.pk],
            "members": "李执委，孙执委",
            "committee": "周委员",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    assert sorted(meeting.participants.values_list("role", flat=True)) == [
        "chair",
        "committee",
        "member",
        "member",
    ]
    page = client.get(reverse("homes:meeting", args=[meeting.pk])).content.decode()
    assert "妇联执委参加议事" in page
    response = client.post(
        reverse("homes:meeting", args=[meeting.pk]),
        {"topic": topic.pk, "text": "约定晚九点前结束", "major": ""},
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    response = client.post(
        reverse("homes:decision-feedback", args=[decision.pk]),
        {"feedback_on": today_local().isoformat(), "feedback": "入户告知"},
    )
    assert response.status_code == 302
    assert Decision.objects.get().feedback == "入户告知"
    # another township's cadre: 404 everywhere
    client.force_login(make_user("dg", "cadre", org_tree.dagu))
    assert client.get(url).status_code == 404
    assert client.get(reverse("homes:meeting", args=[meeting.pk])).status_code == 404


def test_public_topic_form(client, homes, settings):
    cache.clear()
    home = homes["xinhe_1"]
    url = reverse("homes:public-topic", args=[home.pk])
    public = reverse("homes:public-detail", args=[home.pk])
    assert url in client.get(public).content.decode()
    assert client.post(url, {"title": ""}).status_code == 400
    response = client.post(
        url, {"title": "希望开设手工课", "raised_by": "陈女士", "contact": "13911112222"}
    )
    assert response.status_code == 302
    topic = Topic.objects.get(title="希望开设手工课")
    assert topic.source == "online" and topic.contact == "13911112222"
    body = client.get(public).content.decode()
    assert "13911112222" not in body and "陈女士" not in body
    for index in range(services.PUBLIC_RATE_LIMIT - 1):
        client.post(url, {"title": f"议题{index}"})
    before = Topic.objects.count()
    assert client.post(url, {"title": "再来一条"}).status_code == 429
    assert Topic.objects.count() == before
    cache.clear()


def test_api(client, cadre, homes, make_user, org_tree):
    home = homes["xinhe_1"]
    client.force_login(cadre)
    response = client.post(
        "/api/v1/homes/topics/",
        {
            "home": home.pk,
            "title": "议题甲",
            "source": "visit",
            "raised_on": str(today_local()),
            "contact": "13800001234",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    topic = response.json()
    assert topic["contact"] != "13800001234"  # masked
    bad = client.post(
        "/api/v1/homes/meetings/",
        {
            "home": home.pk,
            "date": str(today_local()),
            "form": "plenary",
            "chair": "王主席",
            "topics": [topic["id"]],
            "participants": [{"role": "boss", "name": "x"}],
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and not Meeting.objects.exists()
    response = client.post(
        "/api/v1/homes/meetings/",
        {
            "home": home.pk,
            "date": str(today_local()),
            "form": "plenary",
            "chair": "王主席",
            "topics": [topic["id"]],
            "participants": [
                {"role": "member", "name": "李执委"},
                {"role": "director", "name": "钱主任"},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    meeting = response.json()
    assert meeting["verdicts"][0]["rule_id"] == "R-HM-07"
    response = client.post(
        "/api/v1/homes/decisions/",
        {"meeting": meeting["id"], "topic": topic["id"], "text": "处理意见", "major": True},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    decision = response.json()
    assert decision["verdict"]["outcome"] == "pending"
    response = client.post(
        f"/api/v1/homes/decisions/{decision['id']}/report/",
        {"reported_on": str(today_local()), "reported_to": "upper"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["reported_to"] == "upper"
    assert client.get("/api/v1/homes/topics/").json()["count"] == 1
    client.force_login(make_user("dg", "cadre", org_tree.dagu))
    assert client.get(f"/api/v1/homes/meetings/{meeting['id']}/").status_code == 404
    assert client.get("/api/v1/homes/topics/").json()["count"] == 0


def test_list_queries(client, cadre, homes, django_assert_max_num_queries):
    home = homes["xinhe_1"]
    for index in range(5):
        topic = _topic(cadre, home, f"议题{index}")
        services.meeting_record(
            actor=cadre,
            home=home,
            date=today_local(),
            form="plenary",
            chair="王主席",
            topics=[topic],
            participants=PEOPLE,
        )
    client.force_login(cadre)
    client.get("/api/v1/homes/meetings/")
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/homes/meetings/").json()["count"] == 5
    with django_assert_max_num_queries(14):
        assert client.get(reverse("homes:deliberation", args=[home.pk])).status_code == 200
