"""Authorization matrix rows of the 妇女之家: pages, board photos, public pages and
/api/v1/homes/.

Each target organization gets, the first time a row asks, one home with an item, a loan
and a board photo, written with the ORM (no audit). The registry, a home's page, its
exceptions, boards and items are read like the organization (``readers``: the cadre her
subtree, the other roles their own organization); writes and the lending register (it
names borrowers) need the cadre's ``change`` scope; the public pages answer everyone."""

import datetime as dt

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import (
    CHANGE_SUBTREE_REDIRECT,
    CREATED_SUBTREE,
    NOT_FOUND,
    OK,
    Row,
    cadres,
    everyone,
    readers,
    signed_in,
)

API = "/api/v1/homes"


def home_of(o):
    if getattr(o, "_home", None) is None:
        from lvzhi.homes.models import Home

        o._home = Home.objects.create(
            organization=o, org_path=o.path, name=f"{o.code}妇女之家", address=f"{o.name}一号"
        )
    return o._home


def item_of(o):
    if getattr(o, "_home_item", None) is None:
        from lvzhi.homes.models import Item

        home = home_of(o)
        o._home_item = Item.objects.create(
            home=home, org_path=home.org_path, kind="book", name="读本", inventory_number="A-1"
        )
    return o._home_item


def loan_of(o):
    if getattr(o, "_home_loan", None) is None:
        from lvzhi.homes.models import Loan

        item = item_of(o)
        o._home_loan = Loan.objects.create(
            home=item.home,
            org_path=item.org_path,
            item=item,
            borrower_name="借阅人",
            lent_on=dt.date(2026, 11, 1),
            due_date=dt.date(2026, 11, 15),
        )
    return o._home_loan


def board_photo_of(o):
    if getattr(o, "_board_photo", None) is None:
        import uuid

        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        from lvzhi.core.tests.files import jpeg_bytes
        from lvzhi.homes.models import BoardPhoto, BoardUpdate

        home = home_of(o)
        update = BoardUpdate.objects.create(
            home=home, org_path=home.org_path, board="garden", date=dt.date(2026, 11, 1), title="t"
        )
        name = default_storage.save(f"homes/2026/{uuid.uuid4().hex}.jpg", ContentFile(jpeg_bytes()))
        o._board_photo = BoardPhoto.objects.create(
            update=update, org_path=home.org_path, image=name, display=name
        )
    return o._board_photo


def _home_url(name):
    return lambda o: reverse(name, args=[home_of(o).pk])


def _org_url(name):
    return lambda o: reverse(name) + f"?org={o.pk}"


CHANGE = cadres(CHANGE_SUBTREE_REDIRECT)


def page(name, method, url, expect, **kwargs):
    return Row(f"homes {name}", method, url, expect, **kwargs)


def api(name, method, url, expect, **kwargs):
    return Row(f"homes api {name}", method, url, expect, api=True, **kwargs)


HOMES_ROWS = [
    page("registry", "GET", _org_url("homes:list"), readers()),
    page("new home page", "GET", _org_url("homes:create"), cadres()),
    page(
        "new home submit",
        "POST",
        _org_url("homes:create"),
        CHANGE,
        data=lambda o: {
            "name": "新建妇女之家",
            "location": "village",
            "address": "新址",
            "status": "active",
        },
        writes=True,
    ),
    page("six standards", "GET", lambda o: reverse("homes:standards"), signed_in()),
    page("home detail", "GET", _home_url("homes:detail"), readers()),
    page("home edit page", "GET", _home_url("homes:edit"), cadres()),
    page(
        "home edit submit",
        "POST",
        _home_url("homes:edit"),
        CHANGE,
        data=lambda o: {
            "name": f"{o.code}妇女之家",
            "location": "party_center",
            "address": "新地址",
            "contact_phone": "022-66",
            "status": "active",
        },
        writes=True,
    ),
    page(
        "rota add",
        "POST",
        _home_url("homes:rota-add"),
        CHANGE,
        data=lambda o: {"weekday": 5, "session": "am", "role": "volunteer", "name": "志愿者"},
        writes=True,
    ),
    page("exceptions", "GET", _home_url("homes:exceptions"), readers()),
    page(
        "exception add",
        "POST",
        _home_url("homes:exceptions"),
        CHANGE,
        data=lambda o: {"date": "2027-01-15", "reason": "设备检修"},
        writes=True,
    ),
    page("boards", "GET", _home_url("homes:boards"), readers()),
    page(
        "board update add",
        "POST",
        _home_url("homes:boards"),
        CHANGE,
        data=lambda o: {"board": "snapshots", "date": "2026-11-20", "title": "重阳节活动"},
        writes=True,
    ),
    page("stale boards", "GET", _org_url("homes:stale"), readers()),
    page(
        "board photo",
        "GET",
        lambda o: reverse("homes:board-photo", args=[board_photo_of(o).pk]),
        readers(anonymous=NOT_FOUND),
    ),
    page(
        "board photo display",
        "GET",
        lambda o: reverse("homes:board-photo-display", args=[board_photo_of(o).pk]),
        readers(anonymous=NOT_FOUND),
    ),
    page("items", "GET", _home_url("homes:items"), readers()),
    page(
        "item add",
        "POST",
        _home_url("homes:items"),
        CHANGE,
        data=lambda o: {"kind": "periodical", "name": "中国妇女报", "inventory_number": "P-9"},
        writes=True,
    ),
    page("lending register", "GET", _home_url("homes:loans"), cadres()),
    page(
        "loan return",
        "POST",
        lambda o: reverse("homes:loan-return", args=[loan_of(o).pk]),
        CHANGE,
        data=lambda o: {"returned_on": "2026-11-20"},
        writes=True,
    ),
    page("overdue loans", "GET", _org_url("homes:overdue"), readers()),
    page("board figures", "GET", _home_url("homes:board-figures"), readers()),
    page("board poster", "GET", _home_url("homes:board-poster"), readers()),
    page("rollup", "GET", _org_url("homes:rollup"), readers()),
    page("rollup chart", "GET", _org_url("homes:rollup-chart"), readers()),
    page(
        "rollup excel",
        "GET",
        lambda o: reverse("homes:rollup") + f"?org={o.pk}&format=xlsx",
        readers(),
    ),
    page(
        "board figures submit",
        "POST",
        _home_url("homes:board-figures"),
        CHANGE,
        data=lambda o: {"volunteers": "9"},
        writes=True,
    ),
    page(
        "registry excel",
        "GET",
        lambda o: reverse("homes:list") + f"?org={o.pk}&format=xlsx",
        readers(),
    ),
    page("public list", "GET", lambda o: reverse("homes:public-list"), everyone(OK)),
    page(
        "public list by area",
        "GET",
        lambda o: reverse("homes:public-list") + f"?area={home_of(o).organization_id}",
        everyone(OK),
    ),
    page("public home", "GET", _home_url("homes:public-detail"), everyone(OK)),
    api("public list", "GET", lambda o: f"{API}/public/?area={o.pk}", everyone(OK)),
    api("public home", "GET", lambda o: f"{API}/public/{home_of(o).pk}/", everyone(OK)),
    api("homes", "GET", lambda o: f"{API}/homes/?ancestor={o.pk}", signed_in()),
    api("home", "GET", lambda o: f"{API}/homes/{home_of(o).pk}/", readers()),
    api("open state", "GET", lambda o: f"{API}/homes/{home_of(o).pk}/open-state/", readers()),
    api(
        "home create",
        "POST",
        lambda o: f"{API}/homes/",
        cadres(CREATED_SUBTREE),
        data=lambda o: {"organization": o.pk, "name": "接口新建之家", "address": "一路"},
        writes=True,
    ),
    api(
        "home patch",
        "PATCH",
        lambda o: f"{API}/homes/{home_of(o).pk}/",
        cadres(),
        data=lambda o: {"contact_phone": "022-77"},
        writes=True,
    ),
    api(
        "exception create",
        "POST",
        lambda o: f"{API}/exceptions/",
        cadres(CREATED_SUBTREE),
        data=lambda o: {"home": home_of(o).pk, "date": "2027-01-16", "reason": "检修"},
        writes=True,
    ),
    api(
        "board update create",
        "POST",
        lambda o: f"{API}/board-updates/",
        cadres(CREATED_SUBTREE),
        data=lambda o: {
            "home": home_of(o).pk,
            "board": "garden",
            "date": "2026-11-21",
            "title": "妇工园地",
        },
        writes=True,
    ),
    api("rota", "GET", lambda o: f"{API}/rota/?home={home_of(o).pk}", signed_in()),
    api(
        "rota create",
        "POST",
        lambda o: f"{API}/rota/",
        cadres(CREATED_SUBTREE),
        data=lambda o: {
            "home": home_of(o).pk,
            "weekday": 6,
            "session": "pm",
            "role": "member",
            "name": "值班执委",
        },
        writes=True,
    ),
    api("items", "GET", lambda o: f"{API}/items/?home={home_of(o).pk}", signed_in()),
    api(
        "item patch",
        "PATCH",
        lambda o: f"{API}/items/{item_of(o).pk}/",
        cadres(),
        data=lambda o: {"name": "新读本"},
        writes=True,
    ),
    api("loans", "GET", lambda o: f"{API}/loans/?home={home_of(o).pk}", signed_in()),
    api("loan", "GET", lambda o: f"{API}/loans/{loan_of(o).pk}/", cadres()),
    api(
        "loan return",
        "POST",
        lambda o: f"{API}/loans/{loan_of(o).pk}/return/",
        cadres(),
        data=lambda o: {"returned_on": "2026-11-20"},
        writes=True,
    ),
]
