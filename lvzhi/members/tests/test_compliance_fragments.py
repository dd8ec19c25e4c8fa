"""The roll-up page's tables from the shared cache (issue 13 point 8, decision 0021): a
second request draws nothing from the database's counts; a change of the counts shows on
the next request (at once, and again when the writing transaction commits); readers with
another scope, another language or another rule set never get each other's tables."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core import fragments
from lvzhi.core.periods import quarter
from lvzhi.core.rulesets import load_ruleset
from lvzhi.members.activities import services as activities
from lvzhi.members.compliance import selectors
from lvzhi.members.compliance import services as compliance
from lvzhi.members.compliance.selectors import rollups

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)
Q4 = quarter(2026, 4)


@pytest.fixture(autouse=True)
def _today(clock):
    clock.set(TODAY)


@pytest.fixture
def counted(committees):
    """Both committees computed for 2026; two township members gave a lecture (宣讲)."""
    tree = committees.tree
    compliance.rebuild(organizations=[tree.xinhe, tree.xinhe_1], year=2026, today=TODAY)
    for person in committees.township[1:3]:
        _lecture(person)
    return committees


def _lecture(person):
    return activities.activity_record(
        actor=person.user,
        person=person,
        kind="lecture",
        date=TODAY - dt.timedelta(days=3),
        place="妇女之家",
        today=TODAY,
    )


def _url(org):
    return reverse("members:rollup") + f"?org={org.pk}&period=2026Q4"


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert page.status_code == 200
    return page, [q["sql"] for q in ctx.captured_queries]


def _lecture_counts(page) -> tuple[int, int]:
    """(members, met) of R-EX-02 in the table by rule, read from the HTML."""
    row = re.search(r'<tr data-rule="R-EX-02">(.*?)</tr>', page.content.decode(), re.S).group(1)
    members = re.search(r'class="text-end members">(\d+)<', row).group(1)
    met = re.search(r'class="text-end met">(\d+)<', row).group(1)
    return int(members), int(met)


def _reads_counts(sqls) -> bool:
    return any("members_orgcompliance" in sql for sql in sqls)


def test_a_second_request_draws_the_tables_from_the_cache(client, counted, make_user):
    tree = counted.tree
    client.force_login(make_user("xh_cadre", "cadre", tree.xinhe))
    first, sqls = _get(client, _url(tree.xinhe))
    assert _reads_counts(sqls) and _lecture_counts(first) == (37, 2)
    second, sqls = _get(client, _url(tree.xinhe))
    assert not _reads_counts(sqls)  # no aggregate, no organizations' names
    assert _lecture_counts(second) == (37, 2)
    for table in ("rollup-rules", "rollup-children", "rollup-quarters", "compliance-chart-data"):
        assert f'id="{table}"' in second.content.decode()
    # another quarter is its own fragment
    other, sqls = _get(client, reverse("members:rollup") + f"?org={tree.xinhe.pk}&period=2026Q3")
    assert _reads_counts(sqls) and _lecture_counts(other) == (37, 0)


def test_a_change_of_the_counts_shows_on_the_next_request(
    client, counted, make_user, django_capture_on_commit_callbacks
):
    tree = counted.tree
    cadre = make_user("xh_cadre", "cadre", tree.xinhe)
    client.force_login(cadre)
    assert _lecture_counts(_get(client, _url(tree.xinhe))[0]) == (37, 2)
    assert _lecture_counts(_get(client, _url(tree.xinhe_1))[0]) == (12, 0)
    # a village member's lecture: the village's and its ancestors' roll-ups change
    with django_capture_on_commit_callbacks(execute=True):
        _lecture(counted.village[1])
    page, sqls = _get(client, _url(tree.xinhe))
    assert _reads_counts(sqls) and _lecture_counts(page) == (37, 3)
    assert _lecture_counts(_get(client, _url(tree.xinhe_1))[0]) == (12, 1)
    # a bulk rebuild (the daily job, a rule set change) retires every fragment
    _get(client, _url(tree.xinhe))
    with django_capture_on_commit_callbacks(execute=True):
        compliance.rebuild(organizations=[tree.xinhe], year=2026, today=TODAY)
    assert _reads_counts(_get(client, _url(tree.xinhe))[1])


def test_tables_drawn_before_the_commit_are_retired_when_it_commits(
    client, counted, make_user, django_capture_on_commit_callbacks
):
    """Another request may draw the tables from the counts before a write commits, under
    the version the write set at once: the commit sets a new version again."""
    tree = counted.tree
    cadre = make_user("xh_cadre", "cadre", tree.xinhe)
    client.force_login(cadre)
    _get(client, _url(tree.xinhe))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _lecture(counted.village[1])
    assert callbacks
    stale = {"rules": '<p id="stale">old</p>', "children": "", "quarters": ""}
    cache.set(selectors.rollup_fragment_key(cadre, tree.xinhe, Q4, TODAY), stale, 60)
    assert 'id="stale"' in client.get(_url(tree.xinhe)).content.decode()
    for callback in callbacks:
        callback()
    page = client.get(_url(tree.xinhe))
    assert 'id="stale"' not in page.content.decode() and _lecture_counts(page) == (37, 3)


def test_a_reader_with_another_scope_never_gets_the_tables(client, counted, make_user):
    """A cadre of the township without its descendants counts its own committee only,
    even just after a cadre of the whole subtree drew the same page."""
    tree = counted.tree
    client.force_login(make_user("xh_cadre", "cadre", tree.xinhe))
    assert _lecture_counts(_get(client, _url(tree.xinhe))[0]) == (37, 2)
    client.force_login(make_user("xh_own", "cadre", tree.xinhe, include_descendants=False))
    own, sqls = _get(client, _url(tree.xinhe))
    assert _reads_counts(sqls) and _lecture_counts(own) == (25, 2)
    assert f"?org={tree.xinhe_1.pk}&amp;" not in own.content.decode()  # no child rows
    # a colleague with the same scope shares the fragment
    client.force_login(make_user("xh_cadre_2", "cadre", tree.xinhe))
    shared, sqls = _get(client, _url(tree.xinhe))
    assert not _reads_counts(sqls) and _lecture_counts(shared) == (37, 2)


def test_each_language_has_its_own_tables(client, counted, make_user):
    tree = counted.tree
    client.force_login(make_user("xh_cadre", "cadre", tree.xinhe))
    chinese = _get(client, _url(tree.xinhe))[0].content.decode()
    assert "按规则汇总的执委履职达标情况" in chinese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english, sqls = _get(client, _url(tree.xinhe))
    assert _reads_counts(sqls)
    assert "按规则汇总的执委履职达标情况" not in english.content.decode()


def test_the_key_names_the_rule_set_its_version_the_day_and_the_tree(
    counted, make_user, monkeypatch
):
    tree = counted.tree
    cadre = make_user("xh_cadre", "cadre", tree.xinhe)
    key = selectors.rollup_fragment_key(cadre, tree.xinhe, Q4, TODAY)
    assert key == selectors.rollup_fragment_key(cadre, tree.xinhe, Q4, TODAY)
    assert key != selectors.rollup_fragment_key(cadre, tree.xinhe, Q4, TODAY + dt.timedelta(1))
    assert key != selectors.rollup_fragment_key(cadre, tree.xinhe, quarter(2026, 3), TODAY)
    assert key != selectors.rollup_fragment_key(cadre, tree.xinhe_1, Q4, TODAY)
    real = load_ruleset()

    class Revised:
        code, version = real.code, real.version + "-revised"

    monkeypatch.setattr(rollups, "load_ruleset", lambda _code=None: Revised)
    assert key != selectors.rollup_fragment_key(cadre, tree.xinhe, Q4, TODAY)


def test_a_version_lost_to_eviction_never_comes_back():
    first = fragments.versions("test", "0001")
    assert fragments.versions("test", "0001") == first
    cache.delete("lvzhi:version:test:0001")
    assert fragments.versions("test", "0001") != first
    second = fragments.versions("test", "0001")
    fragments.bump("test", ["00010002"])  # a descendant's change retires its ancestors'
    assert fragments.versions("test", "0001") != second
    third = fragments.versions("test", "0001")
    fragments.bump("test", ["0002"])  # another subtree's does not
    assert fragments.versions("test", "0001") == third
    fragments.bump_all("test")
    assert fragments.versions("test", "0001") != third
