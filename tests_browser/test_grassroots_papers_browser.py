"""A cadre opens a 四新 organization whose founding is in progress, enters the congress's
candidates and its secret-ballot counts (a count with more ballots returned than issued is
refused), sees each candidate's arithmetic, and downloads the founding papers, read back
with python-docx."""

import io

import pytest
from docx import Document
from playwright.sync_api import expect

from lvzhi.grassroots import founding
from lvzhi.grassroots.models import ElectionRound
from lvzhi.grassroots.tests.conftest import add_sixin

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _text(path) -> str:
    document = Document(io.BytesIO(path.read_bytes()))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_founding_papers_and_ballots(page, org_tree, make_user, tmp_path):
    cadre = make_user("xinhe_cadre", "cadre", org_tree.xinhe)
    sixin = add_sixin(org_tree.xinhe, "新河科技有限公司", 36, party=True, fixed_staff=80)
    founding.founding_start(actor=cadre, sixin=sixin)

    login(page, "xinhe_cadre")
    page.goto(f"/grassroots/sixin/?org={org_tree.xinhe.pk}")
    page.click("text=新河科技有限公司")
    expect(page.locator("#founding-papers a")).to_have_count(4)  # results only once filed
    with page.expect_download() as download:
        page.click("#founding-papers a[data-paper='application']")
    application = tmp_path / "application.docx"
    download.value.save_as(application)
    assert download.value.suggested_filename == "新河科技有限公司-建会申请.docx"
    text = _text(application)
    assert "关于成立新河科技有限公司妇女联合会的申请" in text
    assert "固定从业人员80人，其中固定女职工36人" in text

    with page.expect_navigation():
        page.click("#founding-election-form button[type=submit]")
    page.fill("#delegates-form textarea", "周红，行政部\n吴敏，研发部")
    with page.expect_navigation():
        page.click("#delegates-form button[type=submit]")
    page.fill("#candidates-form-congress textarea", "王芳\n李娜\n张敏")
    with page.expect_navigation():
        page.click("#candidates-form-congress button[type=submit]")
    form = page.locator("#ballots-form-congress")
    form.locator("input[name=held_on]").fill("2026-11-20")
    form.locator("input[name=expected]").fill("36")
    form.locator("input[name=present]").fill("34")
    form.locator("input[name=ballots_issued]").fill("34")
    form.locator("input[name=ballots_returned]").fill("35")
    votes = form.locator("input[name$='_votes_for']")
    for i, value in enumerate(("30", "19", "18")):
        votes.nth(i).fill(value)
    form.locator("button[type=submit]").click()
    expect(page.locator("#ballots-form-congress")).to_contain_text("多于发出选票数")
    assert not ElectionRound.objects.exists()
    form = page.locator("#ballots-form-congress")
    form.locator("input[name=ballots_returned]").fill("34")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    table = page.locator("#candidates-congress")
    expect(table).to_contain_text("得票 30 > 应到 36 的半数 18：当选")
    expect(table).to_contain_text("得票 18 ≤ 应到 36 的半数 18：未当选")

    page.goto(f"/grassroots/sixin/{sixin.pk}/")
    with page.expect_download() as download:
        page.click("#founding-papers a[data-paper='candidates']")
    listed = tmp_path / "candidates.docx"
    download.value.save_as(listed)
    text = _text(listed)
    assert "周红" in text and "行政部" in text and "张敏" in text
    with page.expect_download() as download:
        page.click("#founding-papers a[data-paper='method']")
    method = tmp_path / "method.docx"
    download.value.save_as(method)
    assert "被选举人获得赞成票超过应到会人数的半数，始得当选" in _text(method)
