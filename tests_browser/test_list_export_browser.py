"""A cadre opens the 七个一 roll-up, clicks 导出 Excel beside a table, receives the file,
and its rows are the table's rows (issue 11 point 6); on the same page the 依据 beside a
header opens the rule id and clause as a popover, from the mouse and from the keyboard
(point 5)."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from lvzhi.core.periods import period_of, today_local
from lvzhi.core.rulesets import load_ruleset
from lvzhi.core.tests.trees import create_user
from lvzhi.members.activities import services as activities
from lvzhi.members.compliance import services as compliance
from lvzhi.members.tests.conftest import seat_committee

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def require_bootstrap():
    from django.contrib.staticfiles import finders

    if not finders.find("vendor/bootstrap/bootstrap.bundle.min.js"):
        pytest.fail("lvzhi/static/vendor 中没有 Bootstrap：请先运行 make assets")


@pytest.fixture
def rollup(org_tree, django_user_model):
    """新河街道 (8 members) and 新河一社区 (5), 七个一 computed for this year; three
    lectures (宣讲) this quarter, two of them in the township."""
    today = today_local()
    township = seat_committee(org_tree.xinhe, 8, django_user_model, "xinhe_member")
    village = seat_committee(org_tree.xinhe_1, 5, django_user_model, "village_member")
    compliance.rebuild(
        organizations=[org_tree.xinhe, org_tree.xinhe_1], year=today.year, today=today
    )
    for person in (township[1], township[2], village[0]):
        activities.activity_record(
            actor=person.user,
            person=person,
            kind="lecture",
            date=today,
            place="妇女之家",
            today=today,
        )
    create_user("xinhe_cadre", "cadre", org_tree.xinhe)
    quarter = period_of("quarter", today).code
    return f"/members/compliance/?org={org_tree.xinhe.pk}&period={quarter}"


def download(page, selector):
    with page.expect_download() as info:
        page.click(selector)
    done = info.value
    assert done.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(done.path()).read_bytes())).active
    values = list(sheet.iter_rows(values_only=True))
    return values[0], values[1:]


def test_cadre_downloads_rollup_tables_equal_to_the_page(page, rollup):
    require_bootstrap()
    login(page, "xinhe_cadre")
    page.goto(rollup)

    # by child organization: one table row per organization, one cell per rule; the file
    # holds one row per organization × rule with the same counts
    table = page.locator("#rollup-children")
    rules = table.locator("thead th[data-rule]").evaluate_all(
        "ths => ths.map(th => th.dataset.rule)"
    )
    assert len(rules) == 7
    shown = {}
    for row in table.locator("tbody tr.child-row").all():
        org = row.locator("th").inner_text().strip()
        members = int(row.locator("td.members").inner_text())
        for cell in row.locator("td[data-rule]").all():
            met, required = cell.inner_text().split()[0].split("/")
            shown[(org, cell.get_attribute("data-rule"))] = (members, int(met), int(required))
    assert len(shown) == 2 * 7
    export_link = page.locator("#rollup-children").locator(
        "xpath=preceding::a[@data-export='xlsx'][1]"
    )
    expect(export_link).to_have_text("导出 Excel")
    header, rows = download(page, "a[data-export='xlsx']:not(#export-rules)")
    column = {name: i for i, name in enumerate(header)}
    exported = {
        (r[column["组织"]], r[column["规则"]]): (
            r[column["执委"]],
            r[column["已完成"]],
            r[column["应完成"]],
        )
        for r in rows
    }
    assert len(rows) == len(exported) == len(shown)
    assert exported == shown
    lecture = next(r for r in rows if r[column["规则"]] == "R-EX-02" and "本级" in r[0])
    assert lecture[column["已完成"]] == 2 and lecture[column["依据"]]  # the clause has its column

    # by rule: the table's rows, in order, are the file's rows
    by_rule = page.locator("#rollup-rules tbody tr")
    page_rows = [
        [
            row.get_attribute("data-rule"),
            row.locator("td").nth(0).inner_text().strip(),  # period
            *[int(row.locator(f"td.{c}").inner_text()) for c in ("members", "met", "due")],
        ]
        for row in by_rule.all()
    ]
    header, rows = download(page, "#export-rules")
    column = {name: i for i, name in enumerate(header)}
    file_rows = [
        [r[column[c]] for c in ("规则", "计算期间", "执委", "已完成", "待完成")] for r in rows
    ]
    assert file_rows == page_rows and len(file_rows) == 7

    # 依据: the header shows the plain name; the rule id and clause open as a popover
    lecture_header = table.locator("thead th[data-rule='R-EX-02']")
    expect(lecture_header).to_contain_text("宣讲")
    toggle = lecture_header.locator("summary")
    expect(toggle).to_have_text("依据")
    clause = load_ruleset()["R-EX-02"].source
    toggle.click()
    popover = page.locator(".popover")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("R-EX-02")
    expect(popover).to_contain_text(clause)
    page.keyboard.press("Escape")
    expect(popover).to_have_count(0)
    toggle.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".popover")).to_contain_text("R-EX-02")
    page.mouse.click(5, 5)  # a click elsewhere closes it
    expect(page.locator(".popover")).to_have_count(0)
