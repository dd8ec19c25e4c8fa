"""The 妇女之家 board's ledger figures (R-HM-08, hook ``home_board_figures``) read the
per-organization counts (``counts.figures``, decision 0024), not the entries: over a varied
ledger written through the services they equal a count of the entries (the figures the
hook counted before), for every organization of the tree; the hook costs the same few
queries however many entries there are and reads no entry; a write past the services does
not show on the board until the counts' check repairs it."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.test.utils import CaptureQueriesContext

from lvzhi.ledger import counts, services, services_privacy
from lvzhi.ledger.hooks import CATEGORY_FIGURES, home_board_figures
from lvzhi.ledger.models import Category, CategoryGroup, Entry, EntryCategory, Gender
from lvzhi.orgs.filters import subtree_q

pytestmark = pytest.mark.django_db

LEDGER_FIGURES = ("women_total", "children_total", *CATEGORY_FIGURES)


def counted_from_the_entries(org) -> dict[str, int]:
    """The ledger's board figures counted over the entries of ``org``'s subtree, as the
    hook did before it read the counts; ``{}`` when the subtree has no registered entry."""
    entries = Entry.objects.filter(subtree_q(org.path, "org_path"), closed_on__isnull=True)
    child = EntryCategory.objects.filter(
        entry=OuterRef("pk"), end_date__isnull=True, category__group=CategoryGroup.CHILDREN
    )
    totals = entries.annotate(is_child=Exists(child)).aggregate(
        all=Count("pk"),
        children=Count("pk", filter=Q(is_child=True)),
        women=Count("pk", filter=Q(is_child=False, gender=Gender.FEMALE)),
    )
    if not totals["all"]:
        return {}
    cells = dict(
        EntryCategory.objects.filter(
            entry__in=entries.values("pk"),
            end_date__isnull=True,
            category__code__in=CATEGORY_FIGURES.values(),
        )
        .values("category__code")
        .annotate(n=Count("entry", distinct=True))
        .values_list("category__code", "n")
    )
    return {
        "women_total": totals["women"],
        "children_total": totals["children"],
        **{figure: cells.get(code, 0) for figure, code in CATEGORY_FIGURES.items()},
    }


def board(org, today) -> dict[str, int]:
    """The ledger's figures of the board of a home run by ``org`` (without the teams')."""
    found = home_board_figures(organization=org, today=today)
    return {code: value for code, (value, _source) in found.items() if code in LEDGER_FIGURES}


@pytest.fixture
def xinhe_2(ledger):
    """A second community of 新河街道."""
    from lvzhi.core.tests.trees import _node
    from lvzhi.orgs.models import Kind, Level, Organization

    return _node(
        Organization.objects.get(pk=ledger.tree.xinhe.pk),
        name="新河二社区妇女联合会",
        code="BH-XH-02",
        system="fl",
        kind=Kind.LOCAL_FEDERATION,
        level=Level.VILLAGE,
    )


def varied_ledger(ledger, make_entry, today, xinhe_2, n=48):
    """``n`` entries over three communities of two streets, written through the services:
    women and men, any mix of categories (women's and children's), categories ended,
    added later, a gender corrected, entries moved to another street, closed, anonymised."""
    rng = random.Random(15)
    categories = list(Category.objects.filter(is_active=True))
    communities = [ledger.community, xinhe_2, ledger.other]
    since = today - dt.timedelta(days=400)
    made = []
    for index in range(n):
        entry = make_entry(
            f"人员{index}",
            organization=communities[index % 3],
            gender=Gender.FEMALE if rng.random() < 0.8 else Gender.MALE,
            categories=rng.sample(categories, rng.randint(0, 3)),
            category_since=since,
        )
        made.append(entry)
    for index, entry in enumerate(made):
        entry = Entry.objects.get(pk=entry.pk)
        actor = ledger.other_cadre if entry.organization_id == ledger.other.pk else ledger.cadre
        roll = rng.random()
        if roll < 0.15:
            record = entry.categories.filter(end_date__isnull=True).first()
            if record is not None:
                services.category_end(actor=actor, record=record, end_date=today, today=today)
        elif roll < 0.3:
            category = rng.choice(categories)
            if not entry.categories.filter(category=category, end_date__isnull=True).exists():
                services.category_add(
                    actor=actor, entry=entry, category=category, start_date=today, today=today
                )
        elif roll < 0.4:
            gender = Gender.MALE if entry.gender == Gender.FEMALE else Gender.FEMALE
            services.entry_update(actor=actor, entry=entry, gender=gender, today=today)
        elif roll < 0.5 and actor == ledger.cadre:
            transfer = services.transfer_request(
                actor=actor, entry=entry, to_code=ledger.other.code, reason="搬家"
            )
            services.transfer_decide(actor=ledger.other_cadre, transfer=transfer, decision="accept")
        elif roll < 0.6:
            services_privacy.entry_close(
                actor=actor, entry=entry, reason="moved_away", date=today, today=today
            )
            if index % 2:
                services_privacy.entry_anonymise(entry=entry, reason="moved_away")
    return made


def test_board_figures_equal_a_count_of_the_entries(ledger, make_entry, today, xinhe_2):
    varied_ledger(ledger, make_entry, today, xinhe_2)
    tree = ledger.tree
    orgs = [tree.city, tree.district, tree.xinhe, tree.dagu, ledger.community, xinhe_2]
    orgs += [ledger.other, tree.group]
    seen = 0
    for org in orgs:
        expected = counted_from_the_entries(org)
        assert board(org, today) == expected, org.name
        seen += bool(expected)
    assert seen == 7  # every organization but the women's group (no entry: no figure)
    district = board(tree.district, today)
    assert district["women_total"] and district["children_total"]
    assert all(district[figure] for figure in CATEGORY_FIGURES)
    assert not counts.rebuild()


def test_no_entry_no_figure_also_once_all_are_closed(ledger, make_entry, today):
    entry = make_entry("甲", categories=[ledger.category])
    assert board(ledger.community, today)["women_left_behind"] == 1
    services_privacy.entry_close(
        actor=ledger.cadre, entry=entry, reason="moved_away", date=today, today=today
    )
    assert board(ledger.community, today) == {} == counted_from_the_entries(ledger.community)


def test_board_reads_the_counts_in_constant_queries(ledger, make_entry, today, xinhe_2):
    make_entry("甲", categories=[ledger.category])
    with CaptureQueriesContext(connection) as few:
        board(ledger.tree.xinhe, today)
    varied_ledger(ledger, make_entry, today, xinhe_2, n=30)
    with CaptureQueriesContext(connection) as more:
        found = board(ledger.tree.xinhe, today)
    assert found == counted_from_the_entries(ledger.tree.xinhe)
    # the counts' one query and the volunteer teams'
    assert len(few.captured_queries) == len(more.captured_queries) == 2
    assert not any(Entry._meta.db_table in q["sql"] for q in more.captured_queries)


def test_a_write_past_the_services_shows_once_the_counts_are_repaired(ledger, make_entry, today):
    make_entry("甲", categories=[ledger.category])
    # written with the ORM, as a bulk load or the shell might: the counts do not move
    Entry.objects.create(
        organization=ledger.community, org_path=ledger.community.path, name="乙", gender="F"
    )
    assert counted_from_the_entries(ledger.community)["women_total"] == 2
    assert board(ledger.community, today)["women_total"] == 1  # the counts, not the entries
    assert len(counts.rebuild(fix=True).rows) == 1
    assert board(ledger.community, today) == counted_from_the_entries(ledger.community)
    assert board(ledger.community, today)["women_total"] == 2
