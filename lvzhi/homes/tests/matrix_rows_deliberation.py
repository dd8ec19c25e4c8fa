"""Authorization matrix rows of deliberation (议事, R-HM-07): topics name who raised them, so
the pages, the meetings and the API are read and written with the cadre's ``change`` scope
(``cadres()``; the API lists answer everyone signed in, filtered); the public topic form
answers everyone.

Each target organization gets, the first time a row asks, an open topic of its home and a
meeting with a decision on another topic, written with the ORM."""

from django.urls import reverse

from lvzhi.core.periods import today_local
from lvzhi.core.tests.test_authorization_matrix import (
    CHANGE_SUBTREE_REDIRECT,
    CREATED_SUBTREE,
    OK,
    Row,
    cadres,
    everyone,
    signed_in,
)

from .matrix_rows_homes import home_of

API = "/api/v1/homes"


def topic_of(o):
    if getattr(o, "_home_topic", None) is None:
        from lvzhi.homes.models import Decision, Meeting, Topic

        home = home_of(o)
        o._home_topic = Topic.objects.create(
            home=home, org_path=home.org_path, title="路灯", source="visit", raised_on=today_local()
        )
        decided = Topic.objects.create(
            home=home,
            org_path=home.org_path,
            title="托管",
            source="mailbox",
            raised_on=today_local(),
            status="decided",
        )
        o._home_meeting = Meeting.objects.create(
            home=home, org_path=home.org_path, date=today_local(), form="plenary", chair="王主席"
        )
        o._home_meeting.topics.set([decided])
        o._home_decision = Decision.objects.create(
            meeting=o._home_meeting, topic=decided, org_path=home.org_path, text="开班", major=True
        )
    return o._home_topic


def meeting_of(o):
    topic_of(o)
    return o._home_meeting


def decision_of(o):
    topic_of(o)
    return o._home_decision


def member_of(o):
    """An executive member seated at the target since 2024 (a major issue becomes her 建议)."""
    if getattr(o, "_home_member", None) is None:
        import datetime as dt

        from lvzhi.orgs.models import Person, Position

        person = Person.objects.create(organization=o, org_path=o.path, name="议事执委", gender="F")
        Position.objects.create(
            person=person,
            organization=o,
            org_path=o.path,
            title="member",
            start_date=dt.date(2024, 1, 1),
        )
        o._home_member = person
    return o._home_member


def _escalation(o):
    return {"escalate_as": "suggestion", "person": member_of(o).pk}


def _url(name, obj):
    return lambda o: reverse(name, args=[obj(o).pk])


def _api(name, method, url, expect, **kwargs):
    return Row(f"homes api {name}", method, url, expect, api=True, **kwargs)


TODAY = lambda: today_local().isoformat()  # noqa: E731

DELIBERATION_ROWS = [
    Row("homes deliberation", "GET", _url("homes:deliberation", home_of), cadres()),
    Row(
        "homes topic add",
        "POST",
        _url("homes:deliberation", home_of),
        cadres(CHANGE_SUBTREE_REDIRECT),
        data=lambda o: {"title": "议题", "source": "visit", "raised_on": TODAY()},
        writes=True,
    ),
    Row("homes meeting add page", "GET", _url("homes:meeting-add", home_of), cadres()),
    Row(
        "homes meeting add",
        "POST",
        _url("homes:meeting-add", home_of),
        cadres(CHANGE_SUBTREE_REDIRECT),
        data=lambda o: {
            "date": TODAY(),
            "form": "plenary",
            "mode": "irregular",
            "chair": "王主席",
            "topics": [topic_of(o).pk],
            "members": "李执委",
            "secretary": "赵书记",
        },
        writes=True,
    ),
    Row("homes meeting", "GET", _url("homes:meeting", meeting_of), cadres()),
    Row(
        "homes decision feedback",
        "POST",
        _url("homes:decision-feedback", decision_of),
        cadres(CHANGE_SUBTREE_REDIRECT),
        data=lambda o: {"feedback_on": TODAY(), "feedback": "入户告知"},
        writes=True,
    ),
    Row(
        "homes public topic form",
        "GET",
        _url("homes:public-topic", home_of),
        everyone(OK),
    ),
    _api("topics", "GET", lambda o: f"{API}/topics/", signed_in()),
    _api("topic", "GET", lambda o: f"{API}/topics/{topic_of(o).pk}/", cadres()),
    _api(
        "topic create",
        "POST",
        lambda o: f"{API}/topics/",
        cadres(CREATED_SUBTREE),
        data=lambda o: {
            "home": home_of(o).pk,
            "title": "接口议题",
            "source": "mailbox",
            "raised_on": TODAY(),
        },
        writes=True,
    ),
    _api("meetings", "GET", lambda o: f"{API}/meetings/", signed_in()),
    _api("meeting", "GET", lambda o: f"{API}/meetings/{meeting_of(o).pk}/", cadres()),
    _api(
        "meeting create",
        "POST",
        lambda o: f"{API}/meetings/",
        cadres(CREATED_SUBTREE),
        data=lambda o: {
            "home": home_of(o).pk,
            "date": TODAY(),
            "form": "door",
            "chair": "王主席",
            "topics": [topic_of(o).pk],
            "participants": [{"role": "member", "name": "李执委"}],
        },
        writes=True,
    ),
    _api("decisions", "GET", lambda o: f"{API}/decisions/", signed_in()),
    _api("decision", "GET", lambda o: f"{API}/decisions/{decision_of(o).pk}/", cadres()),
    _api(
        "decision report",
        "POST",
        lambda o: f"{API}/decisions/{decision_of(o).pk}/report/",
        cadres(),
        data=lambda o: {"reported_on": TODAY(), "reported_to": "upper"},
        writes=True,
    ),
    _api(
        "decision escalate",
        "POST",
        lambda o: f"{API}/decisions/{decision_of(o).pk}/escalate/",
        cadres(),
        data=_escalation,
        writes=True,
    ),
    Row(
        "homes decision escalate",
        "POST",
        _url("homes:decision-escalate", decision_of),
        cadres(CHANGE_SUBTREE_REDIRECT),
        data=_escalation,
        writes=True,
    ),
]
