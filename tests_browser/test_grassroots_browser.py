"""A district cadre keeps the 四新 register: imports a list (a bad row refuses the file,
nothing written; the corrected list previews each verdict and is confirmed), sees the
blank spots and the village coverage by township with the chart, registers one more and
records the federation that covers it."""

import pytest
from playwright.sync_api import expect

from lvzhi.grassroots.models import SixinOrganization
from lvzhi.grassroots.tests.conftest import villages  # noqa: F401 (fixture)
from lvzhi.grassroots.tests.test_pages import _row, _xlsx

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sixin_register_import_blank_spots_and_cover(page, org_tree, villages, make_user, tmp_path):  # noqa: F811
    make_user("district_cadre", "cadre", org_tree.district)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_xlsx([_row("甲科技公司", 30), _row("乙快递站", 300)]).getvalue())
    good = tmp_path / "good.xlsx"
    good.write_bytes(
        _xlsx(
            [_row("甲科技公司", 30), _row("乙快递站", 29), _row("丙物流园", 50, covered="BH-XH-01")]
        ).getvalue()
    )

    login(page, "district_cadre")
    page.click("#nav-grassroots")
    page.click("text=Excel 导入")
    page.select_option("#id_organization", label="新河街道妇女联合会")
    page.set_input_files("#id_file", str(bad))
    page.click("#import-form button[type=submit]")
    expect(page.locator("#row-errors")).to_contain_text("1 行有误")
    expect(page.locator("tr[data-row='3'] .row-error")).to_contain_text("固定女职工")
    expect(page.locator("#confirm-form")).to_have_count(0)
    assert not SixinOrganization.objects.exists()

    page.goto("/grassroots/sixin/import/")
    page.select_option("#id_organization", label="新河街道妇女联合会")
    page.set_input_files("#id_file", str(good))
    page.click("#import-form button[type=submit]")
    expect(page.locator("tr[data-row='2'] .verdict")).to_contain_text("R-OR-01")
    expect(page.locator("tr[data-row='3'] .verdict")).to_contain_text("R-OR-02")
    expect(page.locator("tr[data-row='4'] .verdict")).to_contain_text("已覆盖")
    with page.expect_navigation():
        page.click("#confirm-form button[type=submit]")
    expect(page.locator("#sixin-table tbody tr")).to_have_count(3)
    assert SixinOrganization.objects.count() == 3

    page.click("text=空白点与覆盖率")
    expect(page.locator("#total-coverage")).to_contain_text("50.0%")  # 新河: 1 of 2 villages
    page.goto(f"/grassroots/coverage/?org={org_tree.district.pk}")
    expect(page.locator("#total-standalone")).to_have_text("1")
    expect(page.locator("#total-joint")).to_have_text("1")
    expect(page.locator("#total-coverage")).to_contain_text("66.7%")
    expect(page.locator("#uncovered-villages")).to_contain_text("新河二社区")
    expect(page.locator("#coverage-chart[data-drawn='1']")).to_have_count(1)
    xinhe_row = page.locator(f"#coverage-children tr[data-org='{org_tree.xinhe.pk}']")
    expect(xinhe_row.locator(".standalone")).to_have_text("1")

    page.click("#total-standalone a")
    expect(page.locator("#sixin-table tbody tr")).to_have_count(1)
    page.click("#sixin-table >> text=甲科技公司")
    expect(page.locator("#sixin-verdict")).to_contain_text("R-OR-01")
    page.click("#sixin-edit")
    page.fill("#id_covered_by_code", "BH-XH-01")
    with page.expect_navigation():
        page.click("#sixin-form button[type=submit]")
    expect(page.locator("#sixin-verdict")).to_contain_text("已由“新河一社区妇女联合会”覆盖")

    page.goto(f"/grassroots/sixin/new/?org={org_tree.dagu.pk}")
    page.fill("#id_name", "大沽直播基地")
    page.select_option("#id_category", label="新业态")
    page.fill("#id_uscc", "91110000600037341X")
    page.fill("#id_fixed_staff", "40")
    page.fill("#id_fixed_female_staff", "35")
    page.check("#id_has_party_organization")
    page.click("#sixin-form button[type=submit]")
    expect(page.locator(".field-error")).to_contain_text("校验位不正确")
    page.fill("#id_uscc", "91110000600037341L")
    with page.expect_navigation():
        page.click("#sixin-form button[type=submit]")
    expect(page.locator("#sixin-verdict")).to_contain_text("应单独建立妇联")
    assert SixinOrganization.objects.get(name="大沽直播基地").organization == org_tree.dagu

    # R-OR-05: start the founding procedure, then file the results: the new federation
    # appears under 大沽街道妇联 with its committee, and covers the 四新 organization.
    sixin = SixinOrganization.objects.get(name="大沽直播基地")
    with page.expect_navigation():
        page.click("#founding-form button[type=submit]")
    expect(page.locator("body")).to_contain_text("大沽直播基地建立妇联")
    expect(page.locator("body")).to_contain_text("成立筹备组")
    page.goto(f"/grassroots/sixin/{sixin.pk}/")
    page.click("#founding-result")
    page.fill("#id_name", "大沽直播基地妇女联合会")
    page.fill("#id_code", "BH-DG-SX01")
    page.fill("#id_term_start", "2026-11-01")
    page.fill("#id_term_end", "2031-10-31")
    page.fill("#id_ballots_issued", "35")
    page.fill("#id_ballots_returned", "36")
    page.fill("#id_chair", "王芳")
    page.fill("#id_vice_chairs", "李娜")
    page.click("#founding-result-form button[type=submit]")
    expect(page.locator(".field-error").first).to_be_visible()
    expect(page.locator("#founding-result-form")).to_contain_text("R-OR-04")
    expect(page.locator("#founding-result-form")).to_contain_text("收回选票数不能多于发出选票数")
    page.fill("#id_ballots_returned", "35")
    page.fill("#id_vice_chairs", "李娜\n张敏")
    with page.expect_navigation():
        page.click("#founding-result-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("大沽直播基地妇女联合会")
    expect(page.locator("body")).to_contain_text("王芳")
    page.goto(f"/grassroots/sixin/{sixin.pk}/")
    expect(page.locator("#sixin-verdict")).to_contain_text("已由“大沽直播基地妇女联合会”覆盖")
