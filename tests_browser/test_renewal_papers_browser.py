"""A township cadre opens the renewals page (换届, R-OR-08), follows a community
federation's link to its renewal papers, enters the congress's candidates, and downloads
the 换届请示, the delegates' and the candidates' lists as Word, read back with python-docx
(the federation, the term in Chinese numerals, the candidates in the page's order); a
cadre of another district gets 404 for the same paper."""

import datetime as dt
import io

import pytest
from docx import Document
from playwright.sync_api import expect

from lvzhi.core.periods import today_local
from lvzhi.core.tests.trees import _node
from lvzhi.grassroots.elections import services
from lvzhi.orgs.models import Kind, Level, PartyOrganization, Term

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _text(path) -> str:
    document = Document(io.BytesIO(path.read_bytes()))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _download(page, selector, path):
    with page.expect_download() as download:
        page.click(selector)
    download.value.save_as(path)
    return download.value.suggested_filename, _text(path)


def test_renewal_papers_from_the_renewals_page(
    browser, page, live_server, org_tree, make_user, tmp_path
):
    federation = org_tree.xinhe_1
    federation.party_organization = PartyOrganization.objects.create(
        name="新河一社区党委", organization=federation, org_path=federation.path
    )
    federation.save(update_fields=["party_organization"])
    end = today_local() + dt.timedelta(days=60)  # 三个月内届满: listed by default
    start = dt.date(end.year - 5, 1, 1)
    Term.objects.create(
        organization=federation,
        org_path=federation.path,
        number=11,
        start_date=start,
        end_date=end,
    )
    cadre = make_user("xinhe_cadre", "cadre", org_tree.xinhe)
    election = services.election_open_renewal(actor=cadre, federation=federation)
    services.delegates_replace(
        actor=cadre,
        election=election,
        delegates=[{"name": "周红", "workplace": "一组组长"}, {"name": "吴梅", "workplace": ""}],
    )
    heping = _node(
        org_tree.city,
        name="天津市和平区妇女联合会",
        code="HP-FL",
        system="fl",
        kind=Kind.LOCAL_FEDERATION,
        level=Level.COUNTY,
    )
    make_user("heping_cadre", "cadre", heping)

    login(page, "xinhe_cadre")
    page.goto(f"/grassroots/renewals/?org={org_tree.xinhe.pk}")
    row = page.locator("#renewal-table tr", has_text="新河一社区妇女联合会")
    expect(row).to_contain_text("第11届")
    with page.expect_navigation():
        row.locator(f"a[data-renewal-papers='{federation.pk}']").click()
    expect(page.locator("#election-title")).to_contain_text("新河一社区妇女联合会")
    papers = page.locator("#renewal-papers a")
    expect(papers).to_have_count(4)  # the results report only once the committee is elected
    expect(papers.nth(0)).to_contain_text("换届请示")

    page.fill("#candidates-form-congress textarea", "陈静，新河一社区居委会\n王芳\n张敏\n李娜")
    with page.expect_navigation():
        page.click("#candidates-form-congress button[type=submit]")
    cells = page.locator("#candidate-list-congress tr td:nth-child(2)")
    expect(cells).to_have_count(4)
    shown = cells.all_inner_texts()
    assert shown == ["陈静", "王芳", "张敏", "李娜"]

    name, request = _download(page, "#renewal-papers a[data-paper='request']", tmp_path / "r.docx")
    assert name == "新河一社区妇女联合会-换届-换届请示.docx"
    assert "关于召开新河一社区妇女联合会第十二次妇女代表大会进行换届选举的请示" in request
    assert "新河一社区党委、新河街道妇女联合会：" in request
    assert f"第十一届执行委员会任期自{start:%Y年%m月%d日}至{end:%Y年%m月%d日}" in request
    assert "将于三个月内届满" in request
    assert "选举产生新河一社区妇女联合会第十二届执行委员会" in request
    assert "出席大会的妇女代表2名" in request and "执委候选人建议名单4名" in request

    name, listed = _download(
        page, "#renewal-papers a[data-paper='candidates']", tmp_path / "c.docx"
    )
    assert name == "新河一社区妇女联合会-换届-执委候选人建议名单.docx"
    assert "新河一社区妇女联合会第十二届执行委员会委员候选人建议名单" in listed
    assert "报新河一社区党委审核同意" in listed
    lines = listed.splitlines()
    assert [line for line in lines if line in shown] == shown  # the page's order
    assert "新河一社区居委会" in lines

    _name, delegates = _download(
        page, "#renewal-papers a[data-paper='delegates']", tmp_path / "d.docx"
    )
    assert "新河一社区妇女联合会第十二次妇女代表大会代表名单" in delegates
    assert delegates.index("周红") < delegates.index("吴梅") and "一组组长" in delegates

    paper_url = page.locator("#renewal-papers a[data-paper='request']").get_attribute("href")
    election_url = page.url.split("#")[0]
    other = browser.new_context(locale="zh-CN", base_url=live_server.url)
    outsider = other.new_page()
    outsider.set_default_timeout(10_000)
    login(outsider, "heping_cadre")
    assert outsider.request.get(paper_url).status == 404
    assert outsider.request.get(election_url).status == 404
    assert outsider.request.get(f"/grassroots/renewals/?org={org_tree.xinhe.pk}").status == 404
    outsider.goto("/grassroots/renewals/")
    expect(outsider.locator("#renewal-table")).not_to_contain_text("新河一社区妇女联合会")
    other.close()
