"""English UI at 1366 px (issue 11 point 10): the main pages of every demo role and every
link of its navbar fit a 1366 px laptop screen in English — no page-level horizontal
overflow (the navbar wraps or collapses instead of pushing the page wider), no table cell
squeezed under two characters, no short label broken across lines."""

import pytest
from playwright.sync_api import expect

from lvzhi.dashboards.tests.conftest import populate, roles  # noqa: F401 (fixtures)

from .test_phone_layout import _sign_in, layout_problems, main_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LAPTOP = {"viewport": {"width": 1366, "height": 768}}


@pytest.fixture
def laptop(browser, live_server):
    context = browser.new_context(locale="en-US", base_url=live_server.url, **LAPTOP)
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def navbar_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "nav.navbar a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    return sorted({h for h in hrefs if h and not h.startswith("#")})


@pytest.mark.parametrize(
    "who", ["member", "village_cadre", "township_cadre", "district_cadre", "staff"]
)
def test_english_pages_fit_1366px(laptop, populate, who):  # noqa: F811
    world = populate(2)
    _sign_in(laptop, world, who)
    expect(laptop.locator("html")).to_have_attribute("lang", "en")
    links = navbar_links(laptop)
    assert len(links) >= 3
    urls = list(dict.fromkeys(main_pages(world, who) + links))
    problems, _heights = layout_problems(laptop, urls, 1366)
    for url, issues in problems.items():
        print(url, issues)
    assert problems == {}
