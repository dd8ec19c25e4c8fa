"""A world for the workbench on the shared ``org_tree``: one user per demo role (as
``lvzhi demo`` creates them) and ``populate(size)`` writing items of every kind, ``size``
times over, under 滨海新区妇联."""

import datetime as dt
import hashlib
import itertools

import pytest

from lvzhi.catalog.models import MessageStatus, SupervisionMessage
from lvzhi.core.periods import today_local
from lvzhi.core.reminders.models import Reminder
from lvzhi.homes.models import Board, BoardUpdate, Home, Item, ItemKind, Loan
from lvzhi.members.compliance import services as compliance
from lvzhi.members.models import Activity, ActivityKind, ActivityStatus
from lvzhi.members.tests.conftest import seat_committee
from lvzhi.orgs.models import Term
from lvzhi.processes import scale as process_scale

_digest = itertools.count(1)


class World:
    pass


@pytest.fixture
def roles(org_tree, make_user, admin_user):
    """The demo's roles on the test tree: a district, a township and a village cadre,
    department staff of the district's 权益部, a member of the village federation and the
    township's party approver (and the platform admin)."""
    world = World()
    world.tree = org_tree
    world.admin = admin_user
    world.district_cadre = make_user("bh_cadre", "cadre", org_tree.district)
    world.township_cadre = make_user("xinhe_cadre", "cadre", org_tree.xinhe)
    world.village_cadre = make_user("village_cadre", "cadre", org_tree.xinhe_1)
    world.staff = make_user(
        "quanyi_staff",
        "department_staff",
        org_tree.district,
        include_descendants=False,
        department=org_tree.rights,
    )
    world.party_approver = make_user(
        "party_approver", "party_approver", org_tree.xinhe, include_descendants=False
    )
    return world


@pytest.fixture
def populate(roles, django_user_model):
    """``populate(size)``: cases, supervision messages, committees with activities and
    suggestions, terms past their end, reminders and 七个一 rows, about ``size`` of each
    kind per organization; returns the world with ``member`` (a seated member's user)."""

    def fill(size: int):
        tree = roles.tree
        today = today_local()
        process_scale.generate_cases(
            root_code=tree.city.code, cases=12 * size, today=today, events=False, seed=size
        )
        township = seat_committee(tree.xinhe, 3 + size, django_user_model, f"xh{size}_")
        village = seat_committee(tree.xinhe_1, 3 + size, django_user_model, f"v{size}_")
        roles.member = village[0].user
        for index, person in enumerate(township + village):
            for day in range(size):
                Activity.objects.create(
                    person=person,
                    organization=person.organization,
                    org_path=person.org_path,
                    kind=ActivityKind.CONTACT if day % 2 else ActivityKind.LECTURE,
                    date=today - dt.timedelta(days=day + index % 5),
                    status=ActivityStatus.RECORDED if day % 3 else ActivityStatus.CONFIRMED,
                )
            Activity.objects.create(
                person=person,
                organization=person.organization,
                org_path=person.org_path,
                kind=ActivityKind.SUGGESTION,
                date=today - dt.timedelta(days=index),
                note="建议",
                status=ActivityStatus.CONFIRMED,
                answer="已答复" if index % 2 else "",
                answered_at=None if not index % 2 else dt.datetime.now(dt.UTC),
                answered_by=roles.township_cadre if index % 2 else None,
            )
        for org in (tree.district, tree.xinhe, tree.xinhe_1, tree.dagu):
            for index in range(size):
                SupervisionMessage.objects.create(
                    organization=org,
                    org_path=org.path,
                    text="监督留言",
                    tracking_digest=hashlib.sha256(str(next(_digest)).encode()).hexdigest(),
                    status=MessageStatus.NEW if index % 3 else MessageStatus.ANSWERED,
                    received_on=today - dt.timedelta(days=20),
                    reply_workdays=15,
                    due_on=today + dt.timedelta(days=5 - 3 * index),
                )
        for org in (tree.dagu, tree.dagu_1):
            Term.objects.get_or_create(
                organization=org,
                number=1,
                defaults={
                    "org_path": org.path,
                    "start_date": dt.date(2019, 1, 1),
                    "end_date": dt.date(2024, 1, 1),
                },
            )
        for user in (roles.district_cadre, roles.township_cadre, roles.village_cadre):
            for index in range(size):
                Reminder.objects.create(
                    user=user,
                    org_path=tree.xinhe.path,
                    key=f"test-{size}-{index}",
                    text="提醒",
                    read_at=dt.datetime.now(dt.UTC) if index % 2 else None,
                )
        for index in range(size):  # 妇女之家: one with fresh boards and an overdue loan, one stale
            fresh = Home.objects.create(
                organization=tree.xinhe_1,
                org_path=tree.xinhe_1.path,
                name=f"新河一社区妇女之家{index}",
            )
            for board in (Board.GARDEN, Board.SNAPSHOTS):
                BoardUpdate.objects.create(
                    home=fresh, org_path=fresh.org_path, board=board, date=today, title="更新"
                )
            book = Item.objects.create(
                home=fresh,
                org_path=fresh.org_path,
                kind=ItemKind.BOOK,
                name="中国妇女",
                inventory_number=f"B{index}",
            )
            for due, returned in ((today - dt.timedelta(days=3), None), (today, None)):
                Loan.objects.create(
                    home=fresh,
                    org_path=fresh.org_path,
                    item=book,
                    borrower_name="李娜",
                    lent_on=today - dt.timedelta(days=30),
                    due_date=due,
                    returned_on=returned,
                )
                book = Item.objects.create(
                    home=fresh,
                    org_path=fresh.org_path,
                    kind=ItemKind.BOOK,
                    name="中国妇女报",
                    inventory_number=f"C{index}-{due:%d}",
                )
            Home.objects.create(
                organization=tree.xinhe, org_path=tree.xinhe.path, name=f"新河街道妇女之家{index}"
            )
        compliance.rebuild(organizations=[tree.xinhe, tree.xinhe_1], year=today.year, today=today)
        return roles

    return fill
