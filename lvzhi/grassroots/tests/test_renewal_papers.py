"""A term renewal's papers (换届, R-OR-08) as Word documents filled with its election: the
request to the party organization and the upper federation, the delegates' and the
candidates' lists in ``rules.election_steps``'s order for the kind, the election method,
and the results report once the committee is elected; on the election page, from the
renewals page and through the API, in scope only."""

import datetime as dt

import pytest
from django.urls import reverse

from lvzhi.core.tests.office_asserts import word_papers_as_pdf_text
from lvzhi.core.tests.trees import _node
from lvzhi.grassroots import founding
from lvzhi.grassroots.elections import papers, services
from lvzhi.orgs.models import Kind, Level, PartyOrganization, Person, Position, Term

from .conftest import add_sixin
from .test_founding_docx import text_of
from .test_renewal_elections import START, _elect

API = "/api/v1/grassroots/elections"


def _term(org, number=2, start=dt.date(2022, 1, 1), end=dt.date(2027, 3, 31)):
    term = Term.objects.create(
        organization=org, org_path=org.path, number=number, start_date=start, end_date=end
    )
    for name, title in (("王芳", "chair"), ("旧副主席", "vice_chair"), ("旧执委", "member")):
        person = Person.objects.create(organization=org, org_path=org.path, name=name)
        Position.objects.create(
            person=person,
            organization=org,
            org_path=org.path,
            term=term,
            title=title,
            start_date=start,
        )
    return term


@pytest.fixture
def cadre(org_tree, make_user):
    return make_user("xinhe", "cadre", org_tree.xinhe)


@pytest.fixture
def cadre_client(client, cadre):
    client.force_login(cadre)
    return client


@pytest.fixture
def federation(org_tree):
    """新河一社区妇联, led by its party committee, in its second term."""
    org = org_tree.xinhe_1
    org.party_organization = PartyOrganization.objects.create(
        name="新河一社区党委", organization=org, org_path=org.path
    )
    org.save(update_fields=["party_organization"])
    _term(org)
    return org


@pytest.fixture
def election(cadre, federation):
    return services.election_open_renewal(actor=cadre, federation=federation)


def paper_url(election, code):
    return reverse("grassroots:renewal-document", args=[election.pk, code])


def paper(client, election, code) -> str:
    response = client.get(paper_url(election, code))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == papers.docx.DOCX
    assert "attachment" in response["Content-Disposition"]
    return text_of(response.content)


def shown(client, election) -> list[str]:
    page = client.get(reverse("grassroots:election", args=[election.pk]))
    return [code for code, _label in page.context["papers"]]


def _lists(cadre, election):
    """The candidates, then the delegates (the order a system federation needs too)."""
    services.candidates_replace(
        actor=cadre,
        election=election,
        stage="congress",
        candidates=[
            {"name": n, "workplace": "新河一社区"} for n in ("王芳", "李娜", "张敏", "陈静")
        ],
    )
    services.delegates_replace(
        actor=cadre,
        election=election,
        delegates=[{"name": "周红", "workplace": "一组组长"}, {"name": "吴梅", "workplace": ""}],
    )


def test_papers_before_the_lists(cadre_client, election):
    assert shown(cadre_client, election) == ["request", "delegates", "candidates", "method"]
    request = paper(cadre_client, election, "request")
    assert "关于召开新河一社区妇女联合会第三次妇女（代表）大会进行换届选举的请示" in request
    assert "新河一社区党委、新河街道妇女联合会：" in request
    assert "第二届执行委员会任期自2022年01月01日至2027年03月31日" in request
    assert "R-OR-08" in request and "拟于近期召开" in request
    assert "妇女代表尚未产生" in request and "候选人建议名单酝酿提出后" in request
    assert "选举产生新河一社区妇女联合会第三届执行委员会" in request
    delegates = paper(cadre_client, election, "delegates")
    assert "第三次妇女（代表）大会代表名单" in delegates and "出生年月" in delegates  # to fill in
    candidates = paper(cadre_client, election, "candidates")
    assert "新河一社区妇女联合会第三届执行委员会委员候选人建议名单" in candidates
    assert "报新河一社区党委审核同意" in candidates and "出生年月" in candidates
    method = paper(cadre_client, election, "method")
    assert "大会选举产生新河一社区妇女联合会第三届执行委员会" in method
    assert "赞成票超过应到会人数的半数" in method and "CQ-XT 四" not in method


def test_results_refused_with_the_reason(cadre_client, election, cadre):
    response = cadre_client.get(paper_url(election, "results"))
    assert response.status_code == 400
    assert response.content.decode() == "还不能打印选举结果报告：请先登记大会选举执委会的选票"
    api = cadre_client.get(f"{API}/{election.pk}/renewal-documents/results/")
    assert api.status_code == 400
    assert api.json() == {
        "non_field_errors": ["还不能打印选举结果报告：请先登记大会选举执委会的选票"]
    }
    _elect(cadre, election, officers=(("王芳", "chair"), ("李娜", "vice_chair")))
    refused = cadre_client.get(paper_url(election, "results"))
    assert refused.status_code == 400 and "R-OR-04" in refused.content.decode()
    assert "results" not in shown(cadre_client, election)
    assert cadre_client.get(paper_url(election, "unknown")).status_code == 404


def test_papers_from_the_lists_and_ballots(cadre_client, election, cadre):
    _lists(cadre, election)
    request = paper(cadre_client, election, "request")
    assert "第三次妇女代表大会" in request and "出席大会的妇女代表2名" in request
    assert "执委候选人建议名单4名" in request
    assert "候选人建议名单酝酿提出后" not in request
    lines = request.splitlines()
    assert lines.index("大会代表") < lines.index("执行委员会组成和候选人")  # delegates first
    delegates = paper(cadre_client, election, "delegates")
    assert "周红" in delegates and "一组组长" in delegates and "出生年月" not in delegates
    candidates = paper(cadre_client, election, "candidates")
    assert "陈静" in candidates and "大会选举执委会候选人" in candidates

    _elect(cadre, election)
    assert shown(cadre_client, election)[-1] == "results"
    request = paper(cadre_client, election, "request")
    assert "拟于2027年01月10日召开第三次妇女代表大会" in request
    assert "主席候选人1名、副主席候选人2名" in request
    report = paper(cadre_client, election, "results")
    assert "关于新河一社区妇女联合会第三届执行委员会选举结果的报告" in report
    assert "新河一社区党委、新河街道妇女联合会：" in report
    assert "当选名单" in report
    assert "2027年01月10日召开第三次妇女代表大会" in report and "执行委员会委员4名" in report
    assert "发出选票48张" in report and "得票 40 > 应到 50 的半数 25：当选" in report
    lines = report.splitlines()
    assert lines.index("王芳") < lines.index("李娜") < lines.index("陈静")  # chair first
    assert "新一届任期" not in report

    services.election_file_renewal(
        actor=cadre, election=election, term_start=START, term_end=dt.date(2032, 1, 9)
    )
    report = paper(cadre_client, election, "results")
    assert "第三届执行委员会选举结果" in report  # still the term it elected
    assert "新一届任期自2027年01月10日至2032年01月09日" in report
    request = paper(cadre_client, election, "request")
    assert "第二届执行委员会任期自2022年01月01日" in request


def test_a_filed_request_keeps_the_stage_of_the_day_it_was_asked(cadre, election):
    """Printed again after the old term's end, a filed renewal's 换届请示 still says where
    the term stood when the renewal was opened (R-OR-08), not 任期已届满."""
    from django.utils import timezone

    from lvzhi.core.periods import CHINA_TZ
    from lvzhi.grassroots.models import Election

    opened = dt.datetime(2026, 12, 1, 9, tzinfo=CHINA_TZ)  # the term ends 2027-01-09
    Election.objects.filter(pk=election.pk).update(created_at=opened)
    election.refresh_from_db()
    later = dt.date(2027, 6, 1)
    assert "任期已届满，尚未换届" in text_of(papers.build_docx(election, "request", today=later))

    _lists(cadre, election)
    _elect(cadre, election)
    services.election_file_renewal(
        actor=cadre, election=election, term_start=START, term_end=dt.date(2032, 1, 9)
    )
    election.refresh_from_db()
    assert timezone.localtime(election.created_at, CHINA_TZ) == opened
    request = text_of(papers.build_docx(election, "request", today=later))
    assert "至2027年01月09日，将于三个月内届满" in request
    assert "任期已届满" not in request


def test_the_election_page_reads_its_papers_in_few_queries(
    cadre_client, election, cadre, django_assert_max_num_queries
):
    """The renewal election page offers its papers without a query per paper, list or
    round: the same bound before the lists, with them, and once elected."""
    url = reverse("grassroots:election", args=[election.pk])
    cadre_client.get(url)
    bound = 11
    with django_assert_max_num_queries(bound):
        assert cadre_client.get(url).status_code == 200
    _lists(cadre, election)
    _elect(cadre, election)
    with django_assert_max_num_queries(bound):
        page = cadre_client.get(url)
    assert [code for code, _label in page.context["papers"]][-1] == "results"


def test_a_system_federation_lists_its_candidates_first(client, org_tree, make_user):
    system = _node(
        org_tree.district,
        name="区教育系统妇女联合会",
        code="BH-JY",
        system="fl",
        kind=Kind.SYSTEM_FEDERATION,
        level=Level.COUNTY,
    )
    _term(system, number=1)
    cadre = make_user("district", "cadre", org_tree.district)
    client.force_login(cadre)
    election = services.election_open_renewal(actor=cadre, federation=system)
    assert shown(client, election) == ["request", "candidates", "delegates", "method"]
    _lists(cadre, election)
    request = paper(client, election, "request")
    assert "同级党组织、天津市滨海新区妇女联合会：" in request
    lines = request.splitlines()
    assert lines.index("执行委员会组成和候选人") < lines.index("大会代表")
    steps = [line for line in lines if line.startswith(("提出新一届执委", "产生妇女代表"))]
    assert steps[0].startswith("提出新一届执委")
    assert "第二届执行委员会" in request and "（CQ-XT 四）" in request
    delegates = paper(client, election, "delegates")
    assert "建议名单经上级妇联同意、同级党组织批复后" in delegates and "周红" in delegates
    assert "CQ-XT 四" in paper(client, election, "method")


def test_renewals_page_links_the_papers(
    client, org_tree, make_user, cadre, election, django_assert_max_num_queries
):
    district = make_user("district", "cadre", org_tree.district)
    cadre_client = client
    cadre_client.force_login(district)
    url = reverse("grassroots:renewals")
    link = reverse("grassroots:election", args=[election.pk]) + "#renewal-papers"
    with django_assert_max_num_queries(12):
        page = cadre_client.get(url, {"org": org_tree.district.pk})
    assert link in page.content.decode()
    detail = cadre_client.get(reverse("grassroots:election", args=[election.pk])).content.decode()
    assert 'id="renewal-papers"' in detail and paper_url(election, "request") in detail
    _elect(cadre, election)
    services.election_file_renewal(
        actor=cadre, election=election, term_start=START, term_end=dt.date(2032, 1, 9)
    )
    for org in (org_tree.xinhe, org_tree.dagu):  # more renewals: no query per row
        _term(org, number=1, end=dt.date(2026, 12, 31))
        services.election_open_renewal(actor=district, federation=org)
    with django_assert_max_num_queries(12):
        filed = cadre_client.get(url, {"org": org_tree.district.pk, "stage": "current"})
    assert link in filed.content.decode()  # filed: the papers stay linked


def test_out_of_scope_and_other_elections_answer_404(client, org_tree, make_user, cadre, election):
    client.force_login(make_user("dagu", "cadre", org_tree.dagu))
    assert client.get(paper_url(election, "request")).status_code == 404
    assert client.get(f"{API}/{election.pk}/renewal-documents/request/").status_code == 404
    client.force_login(cadre)
    api = client.get(f"{API}/{election.pk}/renewal-documents/method/")
    assert api.status_code == 200 and "第三届执行委员会" in text_of(api.content)
    sixin = add_sixin(org_tree.xinhe, "新河科技有限公司", 40, party=True)
    founding.founding_start(actor=make_user("admin", is_superuser=True), sixin=sixin)
    other = services.election_open_founding(actor=cadre, sixin=sixin)
    assert client.get(paper_url(other, "request")).status_code == 404
    assert client.get(f"{API}/{other.pk}/renewal-documents/request/").status_code == 404
    page = client.get(reverse("grassroots:election", args=[other.pk]))
    assert "renewal-papers" not in page.content.decode()


def test_papers_print_as_offices_print_them(cadre_client, election, cadre, tmp_path):
    _lists(cadre, election)
    _elect(cadre, election)
    texts = word_papers_as_pdf_text(
        {
            code: cadre_client.get(paper_url(election, code)).content
            for code in papers.paper_codes(system_federation=False)
        },
        tmp_path,
    )
    assert "进行换届选举的请示" in texts[0]
    assert "发出选票48张" in texts[-1]
