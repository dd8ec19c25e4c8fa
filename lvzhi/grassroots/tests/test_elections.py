"""A founding's election as data (R-OR-05): lists, secret-ballot counts per candidate with
the method's arithmetic, refusals that write nothing, the filing that seats the elected
committee, and the results report fed from it."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from lvzhi.grassroots import founding
from lvzhi.grassroots.elections import services
from lvzhi.grassroots.models import Candidate, Election, ElectionRound
from lvzhi.orgs.models import Organization, Position

from .conftest import add_sixin

DAY = dt.date(2026, 11, 20)
MEMBERS = ["王芳", "李娜", "张敏", "陈静", "赵丽", "钱红", "孙燕"]


@pytest.fixture
def cadre(org_tree, make_user):
    return make_user("xinhe", "cadre", org_tree.xinhe)


@pytest.fixture
def election(cadre, org_tree):
    sixin = add_sixin(org_tree.xinhe, "新河科技有限公司", 30, party=True)
    founding.founding_start(actor=cadre, sixin=sixin)
    return services.election_open_founding(actor=cadre, sixin=sixin)


def _congress(cadre, election, votes=None, **counts):
    services.candidates_replace(
        actor=cadre,
        election=election,
        stage="congress",
        candidates=[{"name": n, "workplace": "研发部"} for n in MEMBERS],
    )
    listed = list(election.candidates.filter(stage="congress").order_by("order"))
    votes = votes or [28, 27, 26, 25, 24, 23, 15]
    return services.ballots_record(
        actor=cadre,
        election=election,
        stage="congress",
        held_on=DAY,
        **({"expected": 30, "present": 30, "ballots_issued": 30, "ballots_returned": 30} | counts),
        votes=[
            {"candidate": c.pk, "votes_for": v, "votes_against": 30 - v, "votes_abstain": 0}
            for c, v in zip(listed, votes, strict=True)
        ],
    )


def _first_meeting(
    cadre, election, seats=(("王芳", "chair"), ("李娜", "vice_chair"), ("张敏", "vice_chair"))
):
    services.candidates_replace(
        actor=cadre,
        election=election,
        stage="first_meeting",
        candidates=[{"name": n, "seat": s} for n, s in seats],
    )
    listed = election.candidates.filter(stage="first_meeting")
    return services.ballots_record(
        actor=cadre,
        election=election,
        stage="first_meeting",
        held_on=DAY,
        expected=6,
        present=6,
        ballots_issued=6,
        ballots_returned=6,
        votes=[{"candidate": c.pk, "votes_for": 6} for c in listed],
    )


def test_counts_store_each_candidates_arithmetic(cadre, election):
    _congress(cadre, election)
    rows = {c.name: c for c in Candidate.objects.filter(election=election)}
    assert rows["王芳"].detail == "得票 28 > 应到 30 的半数 15：当选"
    assert rows["孙燕"].detail == "得票 15 ≤ 应到 30 的半数 15：未当选"
    assert not rows["孙燕"].elected and rows["钱红"].elected
    assert (rows["王芳"].votes_for, rows["王芳"].votes_against) == (28, 2)


@pytest.mark.parametrize(
    ("counts", "field"),
    [
        ({"ballots_returned": 31, "ballots_issued": 30}, "ballots_returned"),
        ({"ballots_issued": 31, "ballots_returned": 30}, "ballots_issued"),
        ({"ballots_returned": 29}, "votes"),  # 28 + 2 = 30 > 29 returned
    ],
)
def test_refused_counts_write_nothing(cadre, election, counts, field):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        _congress(cadre, election, **counts)
    assert field in refused.value.message_dict
    assert not ElectionRound.objects.exists()
    assert not Candidate.objects.filter(votes_for__isnull=False).exists()


def test_returned_equal_to_issued_is_accepted(cadre, election):
    assert _congress(cadre, election, ballots_returned=30, ballots_issued=30).ballots_returned == 30


def test_officers_stand_among_the_elected_members(cadre, election):
    from django.core.exceptions import ValidationError

    _congress(cadre, election)
    with pytest.raises(ValidationError, match="孙燕不是"):
        _first_meeting(cadre, election, seats=(("孙燕", "chair"), ("李娜", "vice_chair")))


def test_filing_seats_the_elected_committee(cadre, election, org_tree):
    _congress(cadre, election)
    _first_meeting(cadre, election)
    federation = services.election_file_founding(
        actor=cadre,
        election=election,
        name="新河科技有限公司妇女联合会",
        code="BH-XH-SX01",
        term_start=DAY,
        term_end=dt.date(2031, 11, 19),
    )
    seats = {(p.person.name, p.title) for p in Position.objects.filter(organization=federation)}
    assert seats == {
        ("王芳", "chair"),
        ("李娜", "vice_chair"),
        ("张敏", "vice_chair"),
        ("陈静", "member"),
        ("赵丽", "member"),
        ("钱红", "member"),
    }  # 孙燕 was not elected
    election.refresh_from_db()
    assert election.term.organization == federation and election.filed
    election.sixin.refresh_from_db()
    assert election.sixin.covered_by == federation
    assert election.sixin.founding_ballots_issued == 30


def test_one_vice_chair_elected_is_refused_at_filing(cadre, election):
    from django.core.exceptions import ValidationError

    _congress(cadre, election)
    _first_meeting(cadre, election, seats=(("王芳", "chair"), ("李娜", "vice_chair")))
    before = Organization.objects.count()
    with pytest.raises(ValidationError, match="R-OR-04"):
        services.election_file_founding(
            actor=cadre,
            election=election,
            name="新河妇联",
            code="BH-XH-SX02",
            term_start=DAY,
            term_end=dt.date(2031, 11, 19),
        )
    assert Organization.objects.count() == before


def test_page_flow_and_results_report(client, cadre, election):
    from docx import Document

    client.force_login(cadre)
    url = reverse("grassroots:election", args=[election.pk])
    assert client.get(url).status_code == 200
    client.post(
        reverse("grassroots:election-delegates", args=[election.pk]),
        {"delegates": "王芳，研发部经理\n李娜 财务部"},
    )
    assert list(election.delegates.values_list("name", "workplace")) == [
        ("王芳", "研发部经理"),
        ("李娜", "财务部"),
    ]
    client.post(
        reverse("grassroots:election-candidates", args=[election.pk, "congress"]),
        {"candidates": "\n".join(MEMBERS[:6])},
    )
    listed = list(election.candidates.filter(stage="congress").order_by("order"))
    counts = {"held_on": "2026-11-20", "expected": 30, "present": 30, "ballots_issued": 30}
    votes = {f"c{c.pk}_votes_for": 20 for c in listed}
    refused = client.post(
        reverse("grassroots:election-ballots", args=[election.pk, "congress"]),
        {**counts, "ballots_returned": 31, **votes},
    )
    assert refused.status_code == 400
    assert "收回选票数（31张）多于发出选票数（30张）" in refused.content.decode()
    assert not ElectionRound.objects.exists()
    done = client.post(
        reverse("grassroots:election-ballots", args=[election.pk, "congress"]),
        {**counts, "ballots_returned": 30, **votes},
    )
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "得票 20 &gt; 应到 30 的半数 15：当选" in page
    client.post(
        reverse("grassroots:election-candidates", args=[election.pk, "first_meeting"]),
        {"candidates": "王芳，主席\n李娜，副主席\n张敏，副主席"},
    )
    officers = list(election.candidates.filter(stage="first_meeting"))
    assert [c.seat for c in officers] == ["chair", "vice_chair", "vice_chair"]
    client.post(
        reverse("grassroots:election-ballots", args=[election.pk, "first_meeting"]),
        {
            "held_on": "2026-11-20",
            "expected": 6,
            "present": 6,
            "ballots_issued": 6,
            "ballots_returned": 6,
            **{f"c{c.pk}_votes_for": 5 for c in officers},
        },
    )
    filed = client.post(
        reverse("grassroots:election-file", args=[election.pk]),
        {
            "name": "新河科技有限公司妇女联合会",
            "code": "BH-XH-SX01",
            "term_start": "2026-11-20",
            "term_end": "2031-11-19",
        },
    )
    federation = Organization.objects.get(code="BH-XH-SX01")
    assert filed.url == reverse("orgs:detail", args=[federation.pk])
    paper = client.get(reverse("grassroots:founding-document", args=[election.sixin_id, "results"]))
    text = "\n".join(
        [p.text for p in Document(io.BytesIO(paper.content)).paragraphs]
        + [
            cell.text
            for table in Document(io.BytesIO(paper.content)).tables
            for row in table.rows
            for cell in row.cells
        ]
    )
    assert "应到30人，实到30人，发出选票30张，收回30张" in text
    assert "得票 20 > 应到 30 的半数 15：当选" in text
    assert "得票 5 > 应到 6 的半数 3：当选" in text
    candidates_paper = client.get(
        reverse("grassroots:founding-document", args=[election.sixin_id, "method"])
    )
    method_text = "\n".join(
        p.text for p in Document(io.BytesIO(candidates_paper.content)).paragraphs
    )
    assert "赞成票超过应到会人数的半数" in method_text


def test_candidates_paper_lists_the_entered_people(client, cadre, election):
    from docx import Document

    services.delegates_replace(
        actor=cadre, election=election, delegates=[{"name": "周红", "workplace": "行政部"}]
    )
    services.candidates_replace(
        actor=cadre, election=election, stage="congress", candidates=[{"name": "王芳"}]
    )
    client.force_login(cadre)
    paper = client.get(
        reverse("grassroots:founding-document", args=[election.sixin_id, "candidates"])
    )
    cells = [
        cell.text
        for table in Document(io.BytesIO(paper.content)).tables
        for row in table.rows
        for cell in row.cells
    ]
    assert "周红" in cells and "行政部" in cells and "王芳" in cells


def test_api_records_and_refuses(client, cadre, election, org_tree, make_user):
    client.force_login(cadre)
    base = f"/api/v1/grassroots/elections/{election.pk}/"
    response = client.put(
        base + "candidates/",
        {"stage": "congress", "candidates": [{"name": "王芳"}, {"name": "李娜"}]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    ids = [c["id"] for c in response.json()["candidates"]]
    body = {
        "stage": "congress",
        "held_on": "2026-11-20",
        "expected": 100,
        "present": 80,
        "ballots_issued": 80,
        "ballots_returned": 81,
        "votes": [{"candidate": ids[0], "votes_for": 57}, {"candidate": ids[1], "votes_for": 50}],
    }
    refused = client.post(base + "ballots/", body, content_type="application/json")
    assert refused.status_code == 400 and "ballots_returned" in refused.json()
    assert not ElectionRound.objects.exists()
    accepted = client.post(
        base + "ballots/", {**body, "ballots_returned": 80}, content_type="application/json"
    )
    assert accepted.status_code == 201
    verdicts = [c["verdict"]["detail"] for c in accepted.json()["candidates"]]
    assert verdicts == [
        "得票 57 > 应到 100 的半数 50：当选",
        "得票 50 ≤ 应到 100 的半数 50：未当选",
    ]
    assert accepted.json()["candidates"][0]["verdict"]["rule_id"] == "R-OR-05"
    other = make_user("dagu", "cadre", org_tree.dagu)
    client.force_login(other)
    assert client.get(base).status_code == 404
    assert client.post(base + "ballots/", body, content_type="application/json").status_code == 404


def test_open_through_the_api(client, cadre, org_tree):
    sixin = add_sixin(org_tree.xinhe, "新河物流公司", 40, party=True)
    client.force_login(cadre)
    url = f"/api/v1/grassroots/sixin/{sixin.pk}/founding-election/"
    assert client.post(url).status_code == 400  # the procedure was not started
    founding.founding_start(actor=cadre, sixin=sixin)
    opened = client.post(url)
    assert opened.status_code == 201 and opened.json()["kind"] == "founding"
    assert Election.objects.filter(sixin=sixin).count() == 1


def test_text_results_give_way_to_the_election(client, cadre, election):
    client.force_login(cadre)
    page = client.get(reverse("grassroots:founding-result", args=[election.sixin_id]))
    assert page.url == reverse("grassroots:election", args=[election.pk])
    api = client.post(
        f"/api/v1/grassroots/sixin/{election.sixin_id}/founding-result/",
        {
            "name": "新河妇联",
            "code": "BH-XH-SX09",
            "term_start": "2026-11-20",
            "term_end": "2031-11-19",
            "ballots_issued": 30,
            "ballots_returned": 30,
            "chair": "王芳",
            "vice_chairs": ["李娜", "张敏"],
        },
        content_type="application/json",
    )
    assert api.status_code == 400 and not Organization.objects.filter(code="BH-XH-SX09").exists()


def test_election_page_and_api_queries_do_not_grow_with_the_lists(client, cadre, org_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cadre)

    def counts(n):
        sixin = add_sixin(org_tree.xinhe, f"公司{n}", 30, party=True)
        founding.founding_start(actor=cadre, sixin=sixin)
        election = services.election_open_founding(actor=cadre, sixin=sixin)
        services.candidates_replace(
            actor=cadre,
            election=election,
            stage="congress",
            candidates=[{"name": f"候选人{i}"} for i in range(n)],
        )
        services.delegates_replace(
            actor=cadre, election=election, delegates=[{"name": f"代表{i}"} for i in range(n)]
        )
        listed = election.candidates.filter(stage="congress")
        services.ballots_record(
            actor=cadre,
            election=election,
            stage="congress",
            held_on=DAY,
            expected=n,
            present=n,
            ballots_issued=n,
            ballots_returned=n,
            votes=[{"candidate": c.pk, "votes_for": n} for c in listed],
        )
        result = []
        for url in (
            reverse("grassroots:election", args=[election.pk]),
            f"/api/v1/grassroots/elections/{election.pk}/",
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    counts(1)  # the first page of a session fills the per-user navbar cache
    assert counts(2) == counts(9)
