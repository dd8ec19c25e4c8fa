"""The 妇女之家 chart in the browser (issue 16 point 11): a district cadre signs in, her
workbench fetches the roll-up's chart data after the page and ECharts draws it (a canvas
in #homes-chart); the chart's categories and figures are the roll-up table's, row for row
(homes designated, not designated, withdrawn, the average public rating); the roll-up
page's own chart (from its JSON) draws the same."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lvzhi.core.periods import today_local
from lvzhi.homes.models import Home
from lvzhi.homes.tests.conftest import add_home
from lvzhi.homes.tests.test_rollup import activity

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPTION = """() => {
  const chart = window.echarts.getInstanceByDom(document.getElementById("homes-chart"));
  if (!chart) { return null; }
  const option = chart.getOption();
  return {
    labels: option.xAxis[0].data,
    series: Object.fromEntries(option.series.map((s) => [s.name, s.data])),
  };
}"""


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(30_000)  # the machine may be shared
    yield page
    context.close()


@pytest.fixture
def district(org_tree, make_user):
    """新河街道: two homes designated, one withdrawn, one not designated, ratings 5, 4, 3;
    大沽街道: one home not designated, one designated, a rating of 2; a closed home is
    not counted."""
    today = today_local()
    xinhe = [add_home(org_tree.xinhe_1, f"新河一社区妇女之家{n}") for n in range(4)]
    Home.objects.filter(pk__in=[xinhe[0].pk, xinhe[1].pk]).update(designation="designated")
    Home.objects.filter(pk=xinhe[2].pk).update(designation="withdrawn")
    add_home(org_tree.xinhe_1, "已关闭的妇女之家", status="closed")
    dagu = [add_home(org_tree.dagu_1, f"大沽一社区妇女之家{n}") for n in range(2)]
    Home.objects.filter(pk=dagu[1].pk).update(designation="designated")
    activity(xinhe[0], today, "party", scores=(5, 4))
    activity(xinhe[1], today, "warmth", scores=(3,))
    activity(dagu[0], today, "merit", scores=(2,))
    make_user("quxian", "cadre", org_tree.district)
    return org_tree.district


def table(page):
    """The roll-up table's rows: name, homes, designated, withdrawn, rating average."""
    return page.eval_on_selector_all(
        "#homes-rollup tbody tr",
        """(rows) => rows.map((tr) => {
          const cells = Array.from(tr.querySelectorAll("td"), (td) => td.textContent.trim());
          const rating = cells[cells.length - 1];
          return {
            name: cells[0].replace("（本级）", ""),
            homes: Number(cells[1]),
            designated: Number(cells[2]),
            withdrawn: Number(cells[3]),
            rating: rating === "—" ? null : Number(rating.split("（")[0]),
          };
        })""",
    )


def assert_chart_is_the_table(chart, rows):
    labels = {"designated": "规范化妇女之家", "undesignated": "未命名", "withdrawn": "已撤销命名"}
    series = chart["series"]
    assert chart["labels"] == [r["name"] for r in rows]
    assert series[labels["designated"]] == [r["designated"] for r in rows]
    assert series[labels["withdrawn"]] == [r["withdrawn"] for r in rows]
    assert series[labels["undesignated"]] == [
        r["homes"] - r["designated"] - r["withdrawn"] for r in rows
    ]
    ratings = series["群众评价（平均分）"]
    assert len(ratings) == len(rows)
    for drawn, row in zip(ratings, rows, strict=True):
        if row["rating"] is None:
            assert drawn is None or drawn == "-", drawn
        else:
            assert abs(float(drawn) - row["rating"]) < 0.006, (drawn, row)


def test_workbench_chart_draws_the_rollup(page, district):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, "quxian")
    page.goto(reverse("dashboards:workbench"))
    section = page.locator("#workbench-homes")
    expect(section).to_be_visible()  # shown once the data came and the subtree has homes
    expect(section.locator("#homes-chart canvas")).to_have_count(1)  # ECharts drew it
    page.wait_for_function(
        "() => { const c = window.echarts && window.echarts.getInstanceByDom("
        "document.getElementById('homes-chart')); return c && c.getOption().series.length; }"
    )
    drawn = page.evaluate(OPTION)

    with page.expect_navigation():
        page.click("#workbench-homes-rollup")
    rows = table(page)
    assert [r["name"] for r in rows] == ["新河街道妇女联合会", "大沽街道妇女联合会"]
    assert [(r["homes"], r["designated"], r["withdrawn"]) for r in rows] == [(4, 2, 1), (2, 1, 0)]
    assert [r["rating"] for r in rows] == [4.0, 2.0]
    assert_chart_is_the_table(drawn, rows)

    # the roll-up page draws its own chart from the page's JSON: the same figures
    expect(page.locator("#homes-chart canvas")).to_have_count(1)
    assert_chart_is_the_table(page.evaluate(OPTION), rows)
    assert errors == []
