"""Term renewal (换届, R-OR-08) runs the founding's election steps without founding: its
filed result starts the next term and seats the elected committee from that date; the
last term and its seats end the day before."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lvzhi.grassroots.elections import services
from lvzhi.orgs.models import Person, Position, Term

START = dt.date(2027, 1, 10)


@pytest.fixture
def cadre(org_tree, make_user):
    return make_user("xinhe", "cadre", org_tree.xinhe)


@pytest.fixture
def old_term(org_tree):
    org = org_tree.xinhe_1
    term = Term.objects.create(
        organization=org,
        org_path=org.path,
        number=2,
        start_date=dt.date(2022, 1, 1),
        end_date=dt.date(2027, 3, 31),
    )
    for name, title in (("王芳", "chair"), ("旧副主席", "vice_chair"), ("旧执委", "member")):
        person = Person.objects.create(organization=org, org_path=org.path, name=name)
        Position.objects.create(
            person=person,
            organization=org,
            org_path=org.path,
            term=term,
            title=title,
            start_date=dt.date(2022, 1, 1),
        )
    return term


def _elect(
    cadre, election, officers=(("王芳", "chair"), ("李娜", "vice_chair"), ("张敏", "vice_chair"))
):
    services.candidates_replace(
        actor=cadre,
        election=election,
        stage="congress",
        candidates=[{"name": n} for n in ("王芳", "李娜", "张敏", "陈静")],
    )
    services.ballots_record(
        actor=cadre,
        election=election,
        stage="congress",
        held_on=START,
        expected=50,
        present=48,
        ballots_issued=48,
        ballots_returned=48,
        votes=[
            {"candidate": c.pk, "votes_for": 40}
            for c in election.candidates.filter(stage="congress")
        ],
    )
    services.candidates_replace(
        actor=cadre,
        election=election,
        stage="first_meeting",
        candidates=[{"name": n, "seat": s} for n, s in officers],
    )
    services.ballots_record(
        actor=cadre,
        election=election,
        stage="first_meeting",
        held_on=START,
        expected=4,
        present=4,
        ballots_issued=4,
        ballots_returned=4,
        votes=[
            {"candidate": c.pk, "votes_for": 3}
            for c in election.candidates.filter(stage="first_meeting")
        ],
    )


def test_renewal_starts_the_next_term_and_ends_the_last(cadre, org_tree, old_term):
    election = services.election_open_renewal(actor=cadre, federation=org_tree.xinhe_1)
    assert services.election_open_renewal(actor=cadre, federation=org_tree.xinhe_1) == election
    _elect(cadre, election)
    services.election_file_renewal(
        actor=cadre, election=election, term_start=START, term_end=dt.date(2032, 1, 9)
    )
    old_term.refresh_from_db()
    assert old_term.end_date == dt.date(2027, 1, 9)
    new = Term.objects.get(organization=org_tree.xinhe_1, number=3)
    assert (new.start_date, new.end_date) == (START, dt.date(2032, 1, 9))
    old_seats = Position.objects.filter(term=old_term)
    assert {p.end_date for p in old_seats} == {dt.date(2027, 1, 9)}
    assert {p.end_reason for p in old_seats} == {"换届"}
    seated = {(p.person.name, p.title, p.start_date) for p in Position.objects.filter(term=new)}
    assert seated == {
        ("王芳", "chair", START),
        ("李娜", "vice_chair", START),
        ("张敏", "vice_chair", START),
        ("陈静", "member", START),
    }
    assert Person.objects.filter(organization=org_tree.xinhe_1, name="王芳").count() == 1
    election.refresh_from_db()
    assert election.term == new
    with pytest.raises(ValidationError, match="已经备案"):
        services.election_file_renewal(
            actor=cadre, election=election, term_start=START, term_end=dt.date(2032, 1, 9)
        )


@pytest.mark.parametrize(
    "officers",
    [
        (("王芳", "chair"), ("李娜", "vice_chair")),  # 1 vice-chair refused (R-OR-04)
        (("李娜", "vice_chair"), ("张敏", "vice_chair")),  # no chair
    ],
)
def test_refused_renewal_writes_nothing(cadre, org_tree, old_term, officers):
    election = services.election_open_renewal(actor=cadre, federation=org_tree.xinhe_1)
    _elect(cadre, election, officers=officers)
    before = (Term.objects.count(), Position.objects.filter(end_date__isnull=True).count())
    with pytest.raises(ValidationError, match="R-OR-04"):
        services.election_file_renewal(
            actor=cadre, election=election, term_start=START, term_end=dt.date(2032, 1, 9)
        )
    assert (Term.objects.count(), Position.objects.filter(end_date__isnull=True).count()) == before


def test_term_start_must_follow_the_last(cadre, org_tree, old_term):
    election = services.election_open_renewal(actor=cadre, federation=org_tree.xinhe_1)
    _elect(cadre, election)
    with pytest.raises(ValidationError) as refused:
        services.election_file_renewal(
            actor=cadre,
            election=election,
            term_start=dt.date(2021, 12, 31),
            term_end=dt.date(2026, 12, 30),
        )
    assert "term_start" in refused.value.message_dict
    assert Term.objects.count() == 1


def test_renewal_from_the_page_and_the_api(client, cadre, org_tree, old_term, make_user):
    client.force_login(cadre)
    page = client.get(reverse("grassroots:renewals"), {"org": org_tree.xinhe.pk})
    assert (
        reverse("grassroots:renewal-election", args=[org_tree.xinhe_1.pk]) in page.content.decode()
    )
    opened = client.post(reverse("grassroots:renewal-election", args=[org_tree.xinhe_1.pk]))
    election = org_tree.xinhe_1.elections.get()
    assert opened.url == reverse("grassroots:election", args=[election.pk])
    again = client.get(reverse("grassroots:renewals"), {"org": org_tree.xinhe.pk})
    assert reverse("grassroots:election", args=[election.pk]) in again.content.decode()
    _elect(cadre, election)
    filed = client.post(
        reverse("grassroots:election-file", args=[election.pk]),
        {"term_start": "2027-01-10", "term_end": "2032-01-09"},
    )
    assert filed.url == reverse("orgs:detail", args=[org_tree.xinhe_1.pk])
    assert Term.objects.filter(organization=org_tree.xinhe_1, number=3).exists()
    api = client.post(
        "/api/v1/grassroots/elections/",
        {"federation": org_tree.xinhe.pk},
        content_type="application/json",
    )
    assert api.status_code == 201 and api.json()["kind"] == "renewal"
    other = make_user("dagu", "cadre", org_tree.dagu)
    client.force_login(other)
    refused = client.post(
        "/api/v1/grassroots/elections/",
        {"federation": org_tree.xinhe.pk},
        content_type="application/json",
    )
    assert refused.status_code == 404
    assert (
        client.post(reverse("grassroots:renewal-election", args=[org_tree.xinhe.pk])).status_code
        == 404
    )


def test_small_units_do_not_renew(cadre, org_tree):
    from lvzhi.orgs.models import Organization

    group = Organization.objects.filter(kind="women_group").first()
    with pytest.raises(ValidationError, match="只有妇联组织"):
        services.election_open_renewal(actor=cadre, federation=group)
