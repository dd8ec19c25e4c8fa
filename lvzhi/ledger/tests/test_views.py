"""Ledger pages: list with filters (400 on bad values), create, detail masked, edit,
reveal audited, categories, transfers, grids, visits, my grids; bounded query counts."""

import pytest
from django.urls import reverse

from lvzhi.core.models import AuditEvent
from lvzhi.ledger.models import Entry, Transfer, Visit

from .conftest import id_number

pytestmark = pytest.mark.django_db
NUMBER = id_number("19850312", "002")


def test_list_filters_and_refuses_bad_values(client, ledger, make_entry):
    make_entry("李桂芳", grid=ledger.grid, categories=[ledger.category])
    make_entry("张秀英", grid=ledger.grid2)
    client.force_login(ledger.cadre)
    page = client.get(reverse("ledger:list"), {"category": "left_behind_women"})
    assert page.status_code == 200
    assert "李桂芳" in page.content.decode() and "张秀英" not in page.content.decode()
    assert "留守妇女 1" in page.content.decode()
    assert client.get(reverse("ledger:list"), {"category": "nope"}).status_code == 400
    assert client.get(reverse("ledger:list"), {"grid": "abc"}).status_code == 400
    bad = client.get(reverse("ledger:list"), {"colour": "red"})
    assert bad.status_code == 400 and "colour" in bad.content.decode()


def test_list_query_count_does_not_grow(client, ledger, make_entry, django_assert_max_num_queries):
    client.force_login(ledger.cadre)
    for i in range(3):
        make_entry(f"甲{i}", grid=ledger.grid, categories=[ledger.category])
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("ledger:list"))
    for i in range(20):
        make_entry(f"乙{i}", grid=ledger.grid2, categories=[ledger.category])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("ledger:list")).status_code == 200


def test_create_page_registers_and_detail_masks(client, ledger):
    client.force_login(ledger.cadre)
    url = reverse("ledger:create", args=[ledger.community.pk])
    response = client.post(
        url,
        {
            "name": "李桂芳",
            "gender": "F",
            "id_number": NUMBER,
            "phone": "13812345678",
            "address": "新河一社区3号楼",
            "grid": ledger.grid.pk,
            "categories": [ledger.category.pk],
        },
    )
    entry = Entry.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "ledger:entry", args=[entry.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert NUMBER not in page and "13812345678" not in page
    assert "138****5678" in page and NUMBER[-4:] in page and "留守妇女" in page
    duplicate = client.post(url, {"name": "李桂芳", "gender": "F", "id_number": NUMBER})
    assert (
        duplicate.status_code == 400
        and "已登记在新河一社区妇女联合会" in duplicate.content.decode()
    )
    assert Entry.objects.count() == 1


def test_worker_sees_her_grid_without_id_number_and_cannot_reveal(client, ledger, make_entry):
    entry = make_entry(grid=ledger.grid, id_number=NUMBER, phone="13812345678")
    other = make_entry("乙", grid=ledger.grid2)
    client.force_login(ledger.worker)
    page = client.get(reverse("ledger:entry", args=[entry.pk])).content.decode()
    assert NUMBER[-4:] not in page and "138****5678" in page and "reveal-phone" not in page
    assert client.get(reverse("ledger:entry", args=[other.pk])).status_code == 404
    assert client.get(reverse("ledger:reveal", args=[entry.pk, "phone"])).status_code == 404
    assert client.get(reverse("ledger:edit", args=[entry.pk])).status_code == 404


def test_reveal_page_asks_a_reason_then_shows_and_audits(client, ledger, make_entry):
    entry = make_entry(id_number=NUMBER)
    client.force_login(ledger.cadre)
    url = reverse("ledger:reveal", args=[entry.pk, "id_number"])
    assert NUMBER not in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "核对救助材料"})
    assert NUMBER in response.content.decode() and response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action="reveal", object_id=str(entry.pk)).count() == 1


def test_edit_keeps_the_id_number_when_left_blank(client, ledger, make_entry):
    entry = make_entry(id_number=NUMBER)
    client.force_login(ledger.cadre)
    response = client.post(
        reverse("ledger:edit", args=[entry.pk]),
        {"name": "李桂芳", "gender": "F", "address": "新址"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.address, entry.id_number) == ("新址", NUMBER)


def test_category_add_and_end_pages(client, ledger, make_entry, today):
    entry = make_entry()
    client.force_login(ledger.cadre)
    client.post(
        reverse("ledger:category-add", args=[entry.pk]),
        {"category": ledger.category.pk, "start_date": "2026-01-05"},
    )
    record = entry.categories.get()
    client.post(reverse("ledger:category-end", args=[record.pk]), {"end_date": "2026-10-01"})
    record.refresh_from_db()
    assert str(record.start_date) == "2026-01-05" and str(record.end_date) == "2026-10-01"
    client.force_login(ledger.other_cadre)
    assert (
        client.post(
            reverse("ledger:category-end", args=[record.pk]), {"end_date": "2026-10-02"}
        ).status_code
        == 404
    )


def test_transfer_pages_move_the_entry(client, ledger, make_entry):
    entry = make_entry()
    client.force_login(ledger.cadre)
    response = client.post(
        reverse("ledger:transfer", args=[entry.pk]), {"to_code": "BH-DG-01", "reason": "搬迁"}
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    sender_accepts = client.post(
        reverse("ledger:transfer-decide", args=[transfer.pk]), {"decision": "accept"}
    )
    assert sender_accepts.status_code == 404  # the sender may not accept for the receiver
    transfer.refresh_from_db()
    assert transfer.status == "pending"
    client.force_login(ledger.other_cadre)
    listing = client.get(reverse("ledger:transfers")).content.decode()
    assert "李桂芳" in listing and "接收" in listing
    client.post(reverse("ledger:transfer-decide", args=[transfer.pk]), {"decision": "accept"})
    entry.refresh_from_db()
    assert entry.organization == ledger.other


def test_grid_pages_and_visit_by_worker(client, ledger, make_entry, today):
    entry = make_entry(grid=ledger.grid)
    client.force_login(ledger.cadre)
    grids = client.get(reverse("ledger:grids", args=[ledger.community.pk])).content.decode()
    assert "第一网格" in grids and "王网格" in grids
    client.post(reverse("ledger:grids", args=[ledger.community.pk]), {"name": "第三网格"})
    assert ledger.community.grids.count() == 3
    client.force_login(ledger.worker)
    my = client.get(reverse("ledger:my")).content.decode()
    assert "还差 10 名" in my and "李桂芳" in my
    response = client.post(
        reverse("ledger:visit", args=[entry.pk]),
        {
            "date": today.isoformat(),
            "findings": "独居，腿脚不便",
            "needs": "助浴",
            "follow_up": "联系社工",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("ledger:my")
    assert Visit.objects.get().needs == "助浴"
    assert client.get(reverse("ledger:grid", args=[ledger.grid2.pk])).status_code == 404


def test_grid_edit_page_changes_workers_audited(client, ledger):
    client.force_login(ledger.cadre)
    url = reverse("ledger:grid-edit", args=[ledger.grid2.pk])
    response = client.post(
        url, {"name": "第二网格", "note": "5-8号楼", "workers": [ledger.worker_person.pk]}
    )
    assert response.status_code == 302
    assert list(ledger.grid2.workers.all()) == [ledger.worker_person]
    event = AuditEvent.objects.filter(object_type="ledger.grid", action="update").get()
    assert event.changes["workers"] == ["", "王网格"]
    client.force_login(ledger.worker)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["transfers", "grids", "my", "grid"])
def test_other_list_pages_query_count_does_not_grow(
    client, ledger, make_entry, today, name, django_assert_max_num_queries
):
    from lvzhi.ledger import services, services_grids

    urls = {
        "transfers": (ledger.cadre, reverse("ledger:transfers")),
        "grids": (ledger.cadre, reverse("ledger:grids", args=[ledger.community.pk])),
        "my": (ledger.worker, reverse("ledger:my")),
        "grid": (ledger.cadre, reverse("ledger:grid", args=[ledger.grid.pk])),
    }
    user, url = urls[name]

    def grow(n, prefix):
        for i in range(n):
            entry = make_entry(f"{prefix}{i}", grid=ledger.grid, categories=[ledger.category])
            services_grids.visit_create(
                actor=ledger.worker, entry=entry, date=today, findings="在家", today=today
            )
            services.transfer_request(
                actor=ledger.cadre, entry=entry, to_code="BH-DG-01", reason="搬迁"
            )
            services_grids.grid_create(
                actor=ledger.cadre,
                organization=ledger.community,
                name=f"{prefix}网格{i}",
                workers=[ledger.worker_person],
            )

    client.force_login(user)
    grow(2, "甲")
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    grow(8, "乙")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "乙7" in response.content.decode() or name == "grids"


def test_counts_page_by_community_and_category(
    client, ledger, make_entry, django_assert_max_num_queries
):
    from lvzhi.ledger.models import Category

    mothers = Category.objects.get(code="single_poor_mothers")
    make_entry("甲", categories=[ledger.category, mothers])
    make_entry("乙", categories=[ledger.category])
    make_entry("丙", organization=ledger.other, categories=[ledger.category])
    client.force_login(ledger.cadre)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("ledger:counts"), {"org": ledger.tree.xinhe.pk})
    assert page.status_code == 200
    assert page.context["total"] == 2
    assert [
        c["n"]
        for c in page.context["categories"]
        if c["code"] in ("left_behind_women", "single_poor_mothers")
    ] == [2, 1]
    assert page.context["communities"][0]["name"] == "新河一社区妇女联合会"
    assert client.get(reverse("ledger:counts"), {"org": ledger.tree.dagu.pk}).status_code == 404
    client.force_login(ledger.staff)
    assert client.get(reverse("ledger:counts"), {"org": ledger.tree.xinhe.pk}).status_code == 404


def test_recheck_page_lists_single_poor_mothers_due_first(
    client, ledger, make_entry, today, django_assert_max_num_queries
):
    import datetime as dt

    from lvzhi.ledger.models import Category

    mothers = Category.objects.get(code="single_poor_mothers")
    recent = make_entry("近期已访", categories=[mothers], grid=ledger.grid)
    Visit.objects.create(
        entry=recent,
        org_path=recent.org_path,
        visitor=ledger.worker_person,
        date=today - dt.timedelta(days=30),
        findings="x",
    )
    make_entry("从未复核", categories=[mothers])
    make_entry("非此类别", categories=[ledger.category])
    make_entry("他处母亲", organization=ledger.other, categories=[mothers])
    client.force_login(ledger.cadre)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("ledger:recheck"))
    names = [e.name for e in page.context["rows"]]
    assert names == ["从未复核", "近期已访"]
    assert [e.verdict.outcome for e in page.context["rows"]] == ["due", "ok"]
    client.force_login(ledger.staff)
    assert list(client.get(reverse("ledger:recheck")).context["rows"]) == []
