"""The founding papers (R-OR-05) as Word documents filled from the register, on the page
and through the API; the founding started and filed through the API."""

import io

import pytest
from django.urls import reverse
from docx import Document

from lvzhi.core.tests.office_asserts import word_papers_as_pdf_text
from lvzhi.grassroots import founding_docx
from lvzhi.orgs.models import Organization, Position

from .conftest import add_sixin

RESULT = {
    "name": "新河科技有限公司妇女联合会",
    "code": "BH-XH-SX01",
    "term_start": "2026-11-01",
    "term_end": "2031-10-31",
    "ballots_issued": 30,
    "ballots_returned": 29,
    "chair": "王芳",
    "vice_chairs": ["李娜", "张敏"],
    "members": ["赵丽", "钱红"],
}
PAPERS_BEFORE_RESULTS = ["application", "plan", "candidates", "method"]


def text_of(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def cadre_client(client, org_tree, make_user):
    client.force_login(make_user("xinhe", "cadre", org_tree.xinhe))
    return client


@pytest.fixture
def sixin(org_tree):
    return add_sixin(
        org_tree.xinhe,
        "新河科技有限公司",
        30,
        party=True,
        party_organization_name="新河科技有限公司党支部",
        address="新河街道港城大道8号",
    )


def api(path, sixin):
    return f"/api/v1/grassroots/sixin/{sixin.pk}/{path}"


def paper_url(sixin, code):
    return reverse("grassroots:founding-document", args=[sixin.pk, code])


def test_no_papers_before_the_procedure_starts(cadre_client, sixin):
    for code in PAPERS_BEFORE_RESULTS:
        assert cadre_client.get(paper_url(sixin, code)).status_code == 404
        assert cadre_client.get(api(f"founding-documents/{code}/", sixin)).status_code == 404
    page = cadre_client.get(reverse("grassroots:sixin-detail", args=[sixin.pk]))
    assert "founding-papers" not in page.content.decode()


def test_papers_filled_from_the_register(cadre_client, sixin):
    started = cadre_client.post(api("founding/", sixin))
    assert started.status_code == 201, started.content
    assert started.json()["founding_case"] is not None

    application = cadre_client.get(paper_url(sixin, "application"))
    assert application.status_code == 200
    assert application["Content-Type"] == founding_docx.DOCX
    assert "attachment" in application["Content-Disposition"]
    text = text_of(application.content)
    assert "关于成立新河科技有限公司妇女联合会的申请" in text
    assert "新河科技有限公司党支部：" in text
    assert "固定女职工30人" in text and "R-OR-01" in text  # 30 counts (exactly 30)
    assert "新河街道港城大道8号" in text

    plan = text_of(cadre_client.get(paper_url(sixin, "plan")).content)
    assert "召开全体妇女大会" in plan and "R-OR-05" in plan  # 30 women ≤ 100
    assert "副主席2至3名" in plan
    assert "成立筹备组（党组织批复建会申请）" in plan and "选举结果报党组织和上级妇联备案" in plan

    candidates = text_of(cadre_client.get(paper_url(sixin, "candidates")).content)
    assert "第一届执行委员会委员候选人名单" in candidates  # an assembly elects no delegates
    method = text_of(cadre_client.get(api("founding-documents/method/", sixin)).content)
    assert "全体妇女大会选举办法" in method and "无记名投票" in method
    assert "2—3" in method

    # the results report waits for the results
    assert cadre_client.get(paper_url(sixin, "results")).status_code == 404
    assert cadre_client.get(paper_url(sixin, "unknown")).status_code == 404
    page = cadre_client.get(reverse("grassroots:sixin-detail", args=[sixin.pk])).content.decode()
    assert paper_url(sixin, "plan") in page and paper_url(sixin, "results") not in page


def test_more_than_100_women_elect_delegates(cadre_client, org_tree):
    big = add_sixin(org_tree.xinhe, "滨海物流集团", 101, party=True)
    cadre_client.post(api("founding/", big))
    candidates = text_of(cadre_client.get(paper_url(big, "candidates")).content)
    assert "第一次妇女代表大会代表及执委候选人名单" in candidates
    assert "选举产生妇女代表" in candidates
    method = text_of(cadre_client.get(paper_url(big, "method")).content)
    assert "第一次妇女代表大会选举办法" in method


def test_results_filed_through_the_api_fill_the_report(cadre_client, sixin):
    cadre_client.post(api("founding/", sixin))
    refused = cadre_client.post(
        api("founding-result/", sixin), {**RESULT, "vice_chairs": ["李娜"]}, "application/json"
    )
    assert refused.status_code == 400 and "vice_chairs" in refused.json()
    assert "R-OR-04" in refused.json()["vice_chairs"][0]
    assert not Organization.objects.filter(code="BH-XH-SX01").exists()
    too_many = cadre_client.post(
        api("founding-result/", sixin), {**RESULT, "ballots_returned": 31}, "application/json"
    )
    assert too_many.status_code == 400 and "ballots_returned" in too_many.json()

    filed = cadre_client.post(api("founding-result/", sixin), RESULT, "application/json")
    assert filed.status_code == 201, filed.content
    body = filed.json()
    federation = Organization.objects.get(code="BH-XH-SX01")
    assert body["covered_by"] == federation.pk
    assert (body["founding_ballots_issued"], body["founding_ballots_returned"]) == (30, 29)
    assert Position.objects.filter(organization=federation).count() == 5

    report = text_of(cadre_client.get(paper_url(sixin, "results")).content)
    assert "关于新河科技有限公司妇女联合会第一届执行委员会选举结果的报告" in report
    assert "发出选票30张，收回29张" in report
    assert "2026年11月01日" in report and "2031年10月31日" in report
    lines = report.splitlines()
    assert lines.index("王芳") < lines.index("李娜") < lines.index("赵丽")  # chair first
    candidates = text_of(cadre_client.get(paper_url(sixin, "candidates")).content)
    assert "张敏" in candidates and "钱红" in candidates  # the elected committee
    again = cadre_client.post(api("founding-result/", sixin), RESULT, "application/json")
    assert again.status_code == 400  # covered already: nothing written twice
    assert Organization.objects.filter(code="BH-XH-SX01").count() == 1


def test_out_of_scope_answers_404(client, org_tree, make_user, sixin):
    cadre = make_user("xinhe", "cadre", org_tree.xinhe)
    client.force_login(cadre)
    client.post(api("founding/", sixin))
    client.force_login(make_user("dagu", "cadre", org_tree.dagu))
    assert client.get(paper_url(sixin, "plan")).status_code == 404
    assert client.get(api("founding-documents/plan/", sixin)).status_code == 404
    assert client.post(api("founding/", sixin)).status_code == 404
    assert client.post(api("founding-result/", sixin), RESULT, "application/json").status_code == (
        404
    )


def test_papers_print_as_offices_print_them(cadre_client, sixin, tmp_path):
    cadre_client.post(api("founding/", sixin))
    cadre_client.post(api("founding-result/", sixin), RESULT, "application/json")
    texts = word_papers_as_pdf_text(
        {
            code: cadre_client.get(paper_url(sixin, code)).content
            for code in [*PAPERS_BEFORE_RESULTS, "results"]
        },
        tmp_path,
    )
    assert "新河科技有限公司妇女联合会筹备方案" in texts[1]
    assert "发出选票30张" in texts[4]
