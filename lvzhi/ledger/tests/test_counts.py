"""The ledger's counts per organization (``lvzhi.ledger.counts``, issue 15's province
target): after every write that changes what is counted (create, gender, category added
or ended, move, close, anonymise, import, delete) the table equals a count of the
entries; the counts page and API read it by child organization in a bounded number of
queries; the check reports and repairs drift; two writers at once on PostgreSQL keep it
right."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.ledger import counts, selectors, services, services_privacy
from lvzhi.ledger.models import Category, OrgCount

from .conftest import id_number


def assert_no_drift():
    drift = counts.rebuild()
    assert not drift, drift.rows


def kept(org, code=None):
    """The table's row of ``org`` (totals, or one category's) as a tuple."""
    row = OrgCount.objects.filter(
        organization=org,
        **({"category__code": code} if code else {"category__isnull": True}),
    ).first()
    return (row.entries, row.women, row.children) if row else (0, 0, 0)


@pytest.fixture
def codes():
    return {c.code: c for c in Category.objects.all()}


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


def test_create_counts_women_children_and_categories(ledger, make_entry, codes):
    make_entry("甲", categories=[ledger.category, codes["party_members"]])
    make_entry("乙")
    make_entry("小明", gender="M", categories=[codes["left_behind_children"]])
    make_entry("小刚", gender="M")  # a man in no children's category: neither
    assert kept(ledger.community) == (4, 2, 1)
    assert kept(ledger.community, "left_behind_women")[0] == 1
    assert kept(ledger.community, "left_behind_children")[0] == 1
    assert_no_drift()


def test_gender_and_categories_changed(ledger, make_entry, today, codes):
    entry = make_entry("甲", categories=[ledger.category])
    services.entry_update(actor=ledger.cadre, entry=entry, gender="M", today=today)
    assert kept(ledger.community) == (1, 0, 0)
    services.entry_update(actor=ledger.cadre, entry=entry, gender="F", today=today)
    record = services.category_add(
        actor=ledger.cadre,
        entry=entry,
        category=codes["spring_bud_girls"],
        start_date=today,
        today=today,
    )
    assert kept(ledger.community) == (1, 0, 1)  # a child now, not a woman
    services.category_end(actor=ledger.cadre, record=record, end_date=today, today=today)
    assert kept(ledger.community) == (1, 1, 0)
    assert kept(ledger.community, "spring_bud_girls")[0] == 0
    assert_no_drift()


def test_move_close_and_anonymise(ledger, make_entry, today):
    moving = make_entry("甲", grid=ledger.grid, categories=[ledger.category])
    closing = make_entry("乙", categories=[ledger.category])
    transfer = services.transfer_request(
        actor=ledger.cadre, entry=moving, to_code="BH-DG-01", reason="搬家"
    )
    assert kept(ledger.community)[0] == 2  # still here until accepted
    services.transfer_decide(actor=ledger.other_cadre, transfer=transfer, decision="accept")
    assert kept(ledger.community)[0] == 1 and kept(ledger.other) == (1, 1, 0)
    assert kept(ledger.other, "left_behind_women")[0] == 1
    assert_no_drift()
    services_privacy.entry_close(
        actor=ledger.cadre, entry=closing, reason="deceased", date=today, today=today
    )
    assert kept(ledger.community) == (0, 0, 0)
    assert kept(ledger.community, "left_behind_women")[0] == 0
    assert_no_drift()
    services_privacy.entry_anonymise(entry=moving, reason="moved_away")
    assert kept(ledger.other) == (1, 1, 0)
    assert_no_drift()


def test_import_and_delete(ledger, today):
    rows = [
        (2, {"name": "甲", "id_number": id_number(serial="002"), "categories": [ledger.category]}),
        (3, {"name": "乙", "id_number": id_number(serial="004")}),
    ]
    created = services.entry_import(
        actor=ledger.cadre, organization=ledger.community, rows=rows, today=today
    )
    assert kept(ledger.community) == (2, 2, 0)
    assert_no_drift()
    bad = [(2, {"name": "丙", "id_number": id_number(serial="006")}), (3, {"name": ""})]
    with pytest.raises(services.ImportRefused):
        services.entry_import(
            actor=ledger.cadre, organization=ledger.community, rows=bad, today=today
        )
    assert kept(ledger.community) == (2, 2, 0)  # all or nothing, the counts too
    created[0].delete()
    assert kept(ledger.community) == (1, 1, 0)
    assert_no_drift()


def test_counts_by_child_organization_within_scope(ledger, make_entry, codes, xinhe_2, admin_user):
    make_entry("甲", categories=[ledger.category])
    make_entry("乙", organization=xinhe_2, categories=[ledger.category])
    make_entry("丙", organization=ledger.other, categories=[ledger.category])
    district = ledger.tree.district
    assert selectors.counts(ledger.cadre, district)["total"] == 2  # 大沽 is outside her scope
    by_community = selectors.counts(ledger.cadre, ledger.tree.xinhe)["communities"]
    assert [row["total"] for row in by_community] == [1, 1]
    found = selectors.counts(admin_user, district)
    rows = {row["name"]: row["total"] for row in found["communities"]}
    assert rows == {ledger.tree.xinhe.name: 2, ledger.tree.dagu.name: 1}  # by street
    assert found["total"] == 3
    assert next(c["n"] for c in found["categories"] if c["code"] == "left_behind_women") == 3
    figures = counts.figures(ledger.tree.xinhe)
    assert (figures["entries"], figures["women"]) == (2, 2)
    assert figures["categories"]["left_behind_women"] == 2


def test_counts_page_queries_do_not_grow(client, ledger, make_entry, codes, xinhe_2):
    url = reverse("ledger:counts") + f"?org={ledger.tree.xinhe.pk}"
    client.force_login(ledger.cadre)
    make_entry("甲", categories=[ledger.category])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(6):
        org = xinhe_2 if n % 2 else ledger.community
        make_entry(f"乙{n}", organization=org, categories=[ledger.category, codes["volunteers"]])
    with CaptureQueriesContext(connection) as more:
        page = client.get(url)
    assert len(more) == len(few.captured_queries) <= 15
    assert page.context["total"] == 7
    assert {row["name"] for row in page.context["communities"]} == {
        ledger.community.name,
        xinhe_2.name,
    }
    assert not any("ledger_entry" in q["sql"] for q in more.captured_queries)


def test_check_reports_and_repairs_drift(ledger, make_entry, today):
    make_entry("甲", categories=[ledger.category])
    OrgCount.objects.filter(organization=ledger.community, category__isnull=True).update(entries=5)
    OrgCount.objects.create(organization=ledger.other, org_path=ledger.other.path, entries=1)
    drift = counts.rebuild()
    assert len(drift.rows) == 2
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("ledger_counts", stdout=out)
    assert "2" in out.getvalue() and "甲" not in out.getvalue()
    assert counts.daily(today=today)["counts_repaired"] == 2
    assert_no_drift()
    assert kept(ledger.community)[0] == 1 and not OrgCount.objects.filter(organization=ledger.other)
    out = StringIO()
    call_command("ledger_counts", stdout=out)  # no drift: exit 0


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_keep_the_counts(ledger, make_entry, today, codes):
    """PostgreSQL: two threads writing the same community's entries (and one entry from
    both sides) at the same time; the table equals the count of the entries after."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers itself")
    shared = make_entry("共同", categories=[ledger.category])
    barrier = threading.Barrier(2)
    errors = []

    def writer(tag):
        try:
            barrier.wait()
            for i in range(6):
                entry = services.entry_create(
                    actor=ledger.cadre,
                    organization=ledger.community,
                    name=f"{tag}{i}",
                    categories=[ledger.category, codes["volunteers"]],
                    today=today,
                )
                if i % 2:
                    services_privacy.entry_close(
                        actor=ledger.cadre, entry=entry, reason="deceased", date=today, today=today
                    )
            if tag == "a":
                services.category_add(
                    actor=ledger.cadre,
                    entry=shared,
                    category=codes["party_members"],
                    start_date=today,
                    today=today,
                )
            else:
                services_privacy.entry_close(
                    actor=ledger.cadre, entry=shared, reason="moved_away", date=today, today=today
                )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=writer, args=(tag,)) for tag in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert_no_drift()
    assert kept(ledger.community)[0] == 6


def test_run_daily_checks_the_counts(ledger, make_entry, today):
    import json
    from io import StringIO

    make_entry("甲", categories=[ledger.category])
    out = StringIO()
    call_command("run_daily", "--date", today.isoformat(), "--json", stdout=out)
    job = json.loads(out.getvalue())["jobs"]["lvzhi.ledger.counts.daily"]
    assert job["counts_repaired"] == 0 and job["counts_checked"] >= 2
