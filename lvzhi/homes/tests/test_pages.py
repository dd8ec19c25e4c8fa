"""Pages of the 妇女之家: scope (404 outside), filters (400 on bad input), the stale flag,
the lending register and overdue list, photos through the scope-checking view, and the
public pages (no login, no personal data)."""

import datetime as dt

import pytest
from django.urls import reverse

from lvzhi.homes.models import BoardUpdate, Home, Item, Loan, OpeningException
from lvzhi.orgs.models import Person

from .conftest import add_home
from .test_services import jpeg

pytestmark = pytest.mark.django_db


def test_registry_lists_the_subtree_with_target_and_stale_flag(client, cadre, homes, org_tree):
    BoardUpdate.objects.create(
        home=homes["xinhe_1"],
        org_path=homes["xinhe_1"].org_path,
        board="garden",
        date=dt.date(2026, 11, 1),
        title="t",
    )
    client.force_login(cadre)
    response = client.get(reverse("homes:list") + f"?org={org_tree.xinhe.pk}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "新河一社区妇女之家" in body and "大沽一社区妇女之家" not in body
    assert "超过半年未更新" in body  # 活动剪影 never updated
    assert "R-HM-02" in body
    assert response.context["target"].homes == 1


def test_registry_filters_and_bad_filters(client, cadre, homes, org_tree, clock):
    for board in ("garden", "snapshots"):
        BoardUpdate.objects.create(
            home=homes["xinhe_1"],
            org_path=homes["xinhe_1"].org_path,
            board=board,
            date=dt.date(2026, 11, 1),
            title="t",
        )
    stale = add_home(org_tree.xinhe, "新河街道妇女之家")
    client.force_login(cadre)
    url = reverse("homes:list") + f"?org={org_tree.xinhe.pk}"
    rows = client.get(url + "&stale=true").context["page"].object_list
    assert [h.pk for h in rows] == [stale.pk]
    rows = client.get(url + "&stale=false").context["page"].object_list
    assert [h.pk for h in rows] == [homes["xinhe_1"].pk]
    assert client.get(url + "&designation=nonsense").status_code == 400
    response = client.get(url + "&colour=red")
    assert response.status_code == 400 and "colour" in response.content.decode()


def test_other_subtree_is_404(client, cadre, homes, org_tree):
    client.force_login(cadre)
    assert client.get(reverse("homes:detail", args=[homes["dagu_1"].pk])).status_code == 404
    assert client.get(reverse("homes:list") + f"?org={org_tree.dagu.pk}").status_code == 404
    assert client.get(reverse("homes:loans", args=[homes["dagu_1"].pk])).status_code == 404


def test_detail_shows_open_state_and_create_page_writes(client, cadre, homes, org_tree, clock):
    client.force_login(cadre)
    clock.set(dt.datetime(2026, 10, 1, 10))
    body = client.get(reverse("homes:detail", args=[homes["xinhe_1"].pk])).content.decode()
    assert "已闭馆" in body and "国庆节" in body and "2026年10月8日 09:00" in body
    response = client.post(
        reverse("homes:create") + f"?org={org_tree.xinhe_1.pk}",
        {"name": "第二妇女之家", "location": "park", "address": "公园路", "status": "active"},
    )
    assert response.status_code == 302
    assert Home.objects.filter(name="第二妇女之家", organization=org_tree.xinhe_1).exists()


def test_exception_board_item_and_loan_pages(client, cadre, homes, clock):
    home = homes["xinhe_1"]
    client.force_login(cadre)
    assert (
        client.post(
            reverse("homes:exceptions", args=[home.pk]),
            {"date": "2026-12-05", "is_open": "", "reason": "消杀"},
        ).status_code
        == 302
    )
    assert OpeningException.objects.get(home=home).reason == "消杀"
    response = client.post(
        reverse("homes:boards", args=[home.pk]),
        {"board": "snapshots", "date": "2026-11-28", "title": "重阳活动", "photos": [jpeg()]},
    )
    assert response.status_code == 302
    photo = BoardUpdate.objects.get(home=home).photos.get()
    image = client.get(reverse("homes:board-photo-display", args=[photo.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    client.logout()
    assert client.get(reverse("homes:board-photo", args=[photo.pk])).status_code == 404
    client.force_login(cadre)
    client.post(
        reverse("homes:items", args=[home.pk]),
        {
            "kind": "book",
            "name": "家庭教育读本",
            "inventory_number": "S-01",
            "lendable": "on",
            "is_active": "on",
        },
    )
    item = Item.objects.get(home=home)
    response = client.post(
        reverse("homes:loans", args=[home.pk]),
        {
            "item": item.pk,
            "borrower_name": "张女士",
            "lent_on": "2026-11-01",
            "due_date": "2026-11-15",
        },
    )
    assert response.status_code == 302
    loan = Loan.objects.get(item=item)
    body = client.get(reverse("homes:loans", args=[home.pk])).content.decode()
    assert "张女士" in body and "逾期" in body
    overdue = client.get(reverse("homes:overdue") + f"?org={home.organization_id}")
    assert [row.pk for row in overdue.context["page"].object_list] == [loan.pk]
    client.post(reverse("homes:loan-return", args=[loan.pk]), {"returned_on": "2026-11-29"})
    assert Loan.objects.get(pk=loan.pk).returned_on == dt.date(2026, 11, 29)
    overdue = client.get(reverse("homes:overdue") + f"?org={home.organization_id}")
    assert not overdue.context["page"].object_list


def test_a_member_reads_her_own_home_but_not_its_register(client, make_user, homes, org_tree):
    member = make_user("m1", "member", org_tree.xinhe_1, include_descendants=False)
    client.force_login(member)
    assert client.get(reverse("homes:detail", args=[homes["xinhe_1"].pk])).status_code == 200
    assert client.get(reverse("homes:loans", args=[homes["xinhe_1"].pk])).status_code == 404
    response = client.post(
        reverse("homes:exceptions", args=[homes["xinhe_1"].pk]),
        {"date": "2026-12-05", "reason": "x"},
    )
    assert response.status_code == 404 and not OpeningException.objects.exists()


def test_public_pages_without_login_show_no_personal_data(client, homes, org_tree, clock):
    admin_person = Person.objects.create(
        organization=org_tree.xinhe_1,
        org_path=org_tree.xinhe_1.path,
        name="赵管理员",
        phone="13900001111",
    )
    home = homes["xinhe_1"]
    home.administrator = admin_person
    home.save()
    Item.objects.create(
        home=home, org_path=home.org_path, kind="book", name="书", inventory_number="1"
    )
    Loan.objects.create(
        home=home,
        org_path=home.org_path,
        item=Item.objects.get(home=home),
        borrower_name="钱女士",
        lent_on=dt.date(2026, 11, 1),
        due_date=dt.date(2026, 11, 2),
    )
    clock.set(dt.datetime(2026, 11, 29, 10))  # an ordinary Sunday
    response = client.get(reverse("homes:public-detail", args=[home.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "开放中" in body and "022-12345678" in body and home.address in body
    for secret in ("赵管理员", "13900001111", "钱女士"):
        assert secret not in body
    listing = client.get(reverse("homes:public-list") + f"?area={org_tree.xinhe.pk}")
    assert listing.status_code == 200
    names = [h.name for h in listing.context["page"].object_list]
    assert names == ["新河一社区妇女之家"]
    top = client.get(reverse("homes:public-list")).content.decode()
    assert "天津市妇女联合会" in top  # the area with homes
    assert client.get(reverse("homes:public-list") + "?area=abc").status_code == 404
    assert client.get(reverse("homes:public-detail", args=[10**20])).status_code == 404


def test_a_closed_home_is_not_public(client, homes):
    Home.objects.filter(pk=homes["xinhe_1"].pk).update(status="closed")
    assert client.get(reverse("homes:public-detail", args=[homes["xinhe_1"].pk])).status_code == 404


def test_navbar_links_the_registry_and_visitors_the_public_list(client, cadre, homes):
    client.force_login(cadre)
    body = client.get(reverse("homes:detail", args=[homes["xinhe_1"].pk])).content.decode()
    assert 'id="nav-homes"' in body
    client.logout()
    body = client.get(reverse("homes:public-list")).content.decode()
    assert 'id="nav-public-homes"' in body


def test_public_page_reads_in_a_few_queries(
    client, homes, cadre, clock, django_assert_max_num_queries
):
    from lvzhi.homes.activities import services as activities

    url = reverse("homes:public-detail", args=[homes["xinhe_1"].pk])
    # the home, its exceptions, the calendar overrides, this quarter's plan, the board's
    # committee seats and groups (R-HM-08), and the women's ledger's figures through the
    # home_board_figures hook (its counts per organization, its volunteer teams)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    plan = activities.plan_create(
        actor=cadre, home=homes["xinhe_1"], year=2026, quarter=4, content="计划"
    )
    activities.wish_add(actor=cadre, plan=plan, text="讲座", source="visit")
    activities.plan_publish(actor=cadre, plan=plan)
    for day in (3, 10, 17):
        activities.activity_create(
            actor=cadre,
            plan=plan,
            title=f"活动{day}",
            date=dt.date(2026, 11, day),
            theme="party",
            content="c",
            flow="f",
            participants="p",
            photos=[jpeg()],
        )
    with django_assert_max_num_queries(10):  # + the activities with ratings, their photos
        body = client.get(url).content.decode()
    assert body.count("public-activity") == 3


def test_six_standards_page(client, cadre):
    client.force_login(cadre)
    body = client.get(reverse("homes:standards")).content.decode()
    assert body.count("data-part=") == 21 and "有工作人员" in body and "中国妇女报" in body


def test_a_suspended_home_is_public_and_closed(client, homes, clock):
    Home.objects.filter(pk=homes["xinhe_1"].pk).update(status="suspended")
    clock.set(dt.datetime(2026, 11, 30, 10))  # a Monday morning
    body = client.get(reverse("homes:public-detail", args=[homes["xinhe_1"].pk])).content.decode()
    assert "已闭馆" in body and "暂停开放" in body


def test_registry_excel_export_is_the_filtered_subtree(
    client, cadre, homes, org_tree, django_assert_max_num_queries
):
    import io

    from openpyxl import load_workbook

    add_home(org_tree.xinhe, "新河街道妇女之家", designation="designated")
    client.force_login(cadre)
    url = reverse("homes:list") + f"?org={org_tree.xinhe.pk}&designation=designated&format=xlsx"
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "名称" and [r[0] for r in rows[1:]] == ["新河街道妇女之家"]
    assert rows[1][6] == "规范化妇女之家"
    bad = client.get(reverse("homes:list") + f"?org={org_tree.xinhe.pk}&colour=1&format=xlsx")
    assert bad.status_code == 400
