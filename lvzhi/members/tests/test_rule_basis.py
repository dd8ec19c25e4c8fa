"""Rule citations out of the way (issue 11 point 5): cards and headers show plain names,
the rule id and clause sit in one 依据 element per card, header or section, never on
every row; the committee sums up its contact gaps in one line."""

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from lvzhi.core.rulesets import load_ruleset
from lvzhi.members.activities import services as activities
from lvzhi.members.compliance import services as compliance

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)
SEVEN = [f"R-EX-0{i}" for i in range(1, 8)]


@pytest.fixture(autouse=True)
def _today(clock):
    clock.set(TODAY)


@pytest.fixture
def counted(committees):
    tree = committees.tree
    compliance.rebuild(organizations=[tree.xinhe, tree.xinhe_1], year=2026, today=TODAY)
    activities.activity_record(
        actor=committees.township[1].user,
        person=committees.township[1],
        kind="lecture",
        date=TODAY - dt.timedelta(days=3),
        place="妇女之家",
        today=TODAY,
    )
    return committees


def text_of(html: str) -> str:
    """What a reader sees (and a screen reader reads out of the markup): tags and their
    attributes dropped, so data-rule attributes do not count as citations."""
    return re.sub(r"<[^>]+>", "", html)


def section(html: str, element_id: str, end: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index(end, start)]


def basis(html: str, rule_id: str) -> str:
    match = re.search(
        rf'<details class="rule-basis" data-rule-basis="{rule_id}">.*?</details>', html
    )
    assert match, rule_id
    return match.group(0)


def test_tag_renders_id_and_clause_behind_a_keyboard_toggle():
    rendered = Template('{% load lvzhi %}{% rule_basis "R-EX-02" "CQ-LZ 第二条" %}').render(
        Context()
    )
    assert rendered.startswith('<details class="rule-basis" data-rule-basis="R-EX-02">')
    # <summary> is focusable and opens with Enter/Space without any script; its title is
    # the tooltip, its aria-label what a screen reader announces
    assert (
        '<summary class="rule-basis-toggle" title="R-EX-02 · CQ-LZ 第二条" '
        'aria-label="依据：R-EX-02 · CQ-LZ 第二条">依据</summary>'
    ) in rendered
    assert '<span class="rule-id">R-EX-02</span> · <span class="clause">CQ-LZ 第二条</span>' in (
        rendered
    )


def test_tag_takes_the_clause_from_the_rule_set_and_escapes():
    rendered = Template('{% load lvzhi %}{% rule_basis "R-EX-08" %}').render(Context())
    assert f'<span class="clause">{load_ruleset()["R-EX-08"].source}</span>' in rendered
    hostile = Template("{% load lvzhi %}{% rule_basis r s %}").render(
        Context({"r": "<b>", "s": '"x"'})
    )
    assert "<b>" not in hostile and "&lt;b&gt;" in hostile
    assert Template("{% load lvzhi %}{% rule_basis '' '' %}").render(Context()) == ""


def test_rollup_cites_each_rule_once_per_section(client, counted, make_user):
    tree = counted.tree
    client.force_login(make_user("xh_cadre", "cadre", tree.xinhe))
    html = client.get(reverse("members:rollup") + f"?org={tree.xinhe.pk}&period=2026Q4")
    html = html.content.decode()
    sections = {
        name: section(html, name, "</table>")
        for name in ("rollup-rules", "rollup-children", "rollup-quarters")
    }
    for name, part in sections.items():
        for rule_id in SEVEN:
            # once, in the 依据, whatever the number of rows (the child table has one row
            # per organization, each cell still marked data-rule for scripts and tests)
            assert text_of(part).count(rule_id) == 1, (name, rule_id)
    children = sections["rollup-children"]
    assert children.count('<td class="text-end" data-rule="R-EX-02"') == 2  # 本级 + 新河一村
    # the clause is in the 依据 element, beside the id
    clause = load_ruleset()["R-EX-02"].source
    lecture = basis(sections["rollup-rules"], "R-EX-02")
    assert f'<span class="rule-id">R-EX-02</span> · <span class="clause">{clause}</span>' in lecture
    # on the whole page: three sections, three citations, and the plain name in the header
    assert text_of(html).count("R-EX-02") == 3
    assert re.search(r'<th scope="col" class="text-end" data-rule="R-EX-02">宣讲 ', children)


def test_my_home_cites_each_rule_once_on_its_card(client, counted):
    member = counted.township[2]  # owes a lecture this quarter
    client.force_login(member.user)
    html = client.get(reverse("members:my")).content.decode()
    duties = section(html, "my-duties", "</section>")
    owed = section(html, "my-owed", "</section>")
    for rule_id in SEVEN:
        assert text_of(duties).count(rule_id) <= 1, rule_id
        assert text_of(owed).count(rule_id) <= 1, rule_id
    assert text_of(duties).count("R-EX-02") == 1
    card = re.search(r'data-rule="R-EX-02".*?</li>', duties, re.S).group(0)
    assert "宣讲" in card
    assert f'<span class="clause">{load_ruleset()["R-EX-02"].source}</span>' in basis(
        card, "R-EX-02"
    )
    # what is still owed names the duty in plain words; the card above holds its basis
    assert "宣讲 还差 1 次" in owed and "R-EX-02" not in text_of(owed)
    assert 'data-rule="R-EX-02"' in owed


def test_drill_down_cites_rules_in_the_header_not_in_every_cell(client, counted, make_user):
    tree = counted.tree
    client.force_login(make_user("xh_cadre", "cadre", tree.xinhe))
    url = reverse("members:compliance-org", args=[tree.xinhe.pk]) + "?period=2026Q4"
    html = client.get(url).content.decode()
    table = section(html, "compliance-members", "</table>")
    members = table.count('class="member-row"')
    assert members >= 20
    assert table.count('<details class="compliance-cell') >= members  # one cell per member
    for rule_id in SEVEN:
        assert text_of(table).count(rule_id) == 1, rule_id  # the header's 依据
        assert f'data-rule-basis="{rule_id}"' in section(table, "compliance-members", "</thead>")
