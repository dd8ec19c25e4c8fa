"""The board 妇女工作情况介绍 as a poster in the browser (R-HM-08, CQ-FN 附件6): a township
cadre enters a figure that has no source on the home's board page, then downloads the A1
and the A0 poster from the page's buttons; each PDF is one page of that paper size whose
text (pdftotext) is annex 6's wording with the figure she typed and the home's name."""

import re
import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lvzhi.core.tests.office_asserts import pdf_page_size, pdf_text
from lvzhi.homes import poster, rules
from lvzhi.homes.tests.conftest import add_home

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MM = 72 / 25.4  # points per millimetre


@pytest.fixture
def page(browser, live_server):
    """A page with room for WeasyPrint on a busy machine (an A0 page takes seconds)."""
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def test_cadre_downloads_the_a1_and_a0_posters(page, org_tree, make_user, tmp_path):
    assert poster.poster_available(), "WeasyPrint 或 fonts-noto-cjk 未安装（见 README）"
    home = add_home(org_tree.xinhe_1, "新河一社区妇女之家")
    make_user("jiedao", "cadre", org_tree.xinhe)
    login(page, "jiedao")
    page.goto(reverse("homes:board-figures", args=[home.pk]))
    expect(page.locator("#figure-volunteers")).to_contain_text("待填写")
    page.fill("#figures-form #id_volunteers", "37")
    with page.expect_navigation():
        page.click("#figures-form button[type=submit]")
    expect(page.locator("#figure-volunteers")).to_contain_text("37")
    expect(page.locator("#board-text-preview")).to_contain_text("有巾帼志愿者37人")

    for size in ("A1", "A0"):
        with page.expect_download() as info:
            # the link opens the PDF inline; a modifier click makes it a download the
            # browser hands over whatever its PDF viewer does
            page.click(f"#poster-{size.lower()}", modifiers=["Alt"])
        download = info.value
        assert download.failure() is None, download.failure()
        path = tmp_path / f"board-{size}.pdf"
        download.save_as(path)
        assert path.read_bytes()[:5] == b"%PDF-", size
        width, height = rules.POSTER_SIZES[size]
        w, h = pdf_page_size(path)
        assert abs(w - width * MM) < 2 and abs(h - height * MM) < 2, (size, w, h)
        pdfinfo = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True)
        assert re.search(rb"Pages:\s+1\n", pdfinfo.stdout), size  # one sheet
        text = "".join(pdf_text(path).split())
        assert "新河一社区妇女工作情况介绍" in text, text[:200]
        assert "新河一社区有妇女____人" in text  # no ledger: a blank line to fill by hand
        assert "有巾帼志愿者37人" in text
        assert "每位执委至少联系1个妇女小组和微家、10名妇女群众" in text
        assert text.endswith("新河一社区妇女之家") or "新河一社区妇女之家" in text
