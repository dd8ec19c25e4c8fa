"""Demo 妇女之家 in the demo district (滨海新区妇联, code BH-FL): a home for each of the
first community federations of every township (up to ``PER_TOWNSHIP``), two of them
designated 规范化妇女之家, the standard periodicals and a few books, a rota, an opening
exception, board updates and loans: every township's second home has boards last updated
eight months ago (stale) and an overdue loan, so each street's and community's workbench
shows both; the first of them also a loan out and one returned; assessments at every
stage (``assessments.demo``). Idempotent: each part adds nothing once the district has
its rows. Writes go through the services, dated from today.

Loans to women of the ledger (:func:`load_ledger_loans_demo`) are a step of their own,
run by ``lvzhi demo`` after the ledger's demo: homes does not import the ledger, it finds
the borrowers through hook ``home_borrowers`` as the loan form does."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from lvzhi.core.periods import today_local
from lvzhi.core.scopes import PATH_END
from lvzhi.orgs.models import Level, Organization, System

from . import services
from .models import Home, Item, Loan
from .selectors_loans import borrowers

DISTRICT = "BH-FL"
PER_TOWNSHIP = 2
ITEMS = (
    ("periodical", "中国妇女报", "BK-001"),
    ("periodical", "《中国妇女》杂志", "BK-002"),
    ("book", "家庭教育促进法读本", "BK-003"),
    ("book", "民法典婚姻家庭编解读", "BK-004"),
    ("sports", "乒乓球拍（一副）", "EQ-001"),
    ("office", "投影仪", "EQ-002"),
)
LEDGER_LOANS = 2
# what a cadre types in the loan form's borrower search: the commonest surnames
BORROWER_SEARCHES = "王李张刘陈杨赵黄周吴"


def _subtree(org, field="path"):
    return {f"{field}__gte": org.path, f"{field}__lt": org.path + PATH_END}


@transaction.atomic
def load_homes_demo() -> dict:
    district = Organization.objects.filter(code=DISTRICT).first()
    admin = get_user_model().objects.filter(username="admin").first()
    empty = {"homes": 0, "designated": 0, "loans": 0, "board_updates": 0}
    if district is None or admin is None:
        return empty
    counts = dict(empty)
    if not Home.objects.filter(**_subtree(district, "org_path")).exists():
        counts.update(_load_registry(district, admin))
    from .activities.demo import load_activities_demo
    from .assessments.demo import load_assessments_demo

    counts.update(load_assessments_demo(district, admin, _subtree(district, "org_path")))
    counts.update(load_activities_demo(admin, _subtree(district, "org_path")))
    from .deliberation.demo import load_deliberation_demo

    counts.update(load_deliberation_demo(admin, _subtree(district, "org_path")))
    return counts


def _load_registry(district, admin) -> dict:
    today = today_local()
    townships = Organization.objects.filter(
        **_subtree(district), level=Level.TOWNSHIP, system=System.WOMEN
    ).order_by("path")
    villages = []  # (village, its place in its township)
    for township in townships:
        villages += [
            (village, place)
            for place, village in enumerate(
                Organization.objects.filter(
                    **_subtree(township), level=Level.VILLAGE, system=System.WOMEN
                ).order_by("code")[:PER_TOWNSHIP]
            )
        ]
    counts = {"homes": 0, "designated": 0, "loans": 0, "board_updates": 0}
    for index, (village, place) in enumerate(villages):
        short = village.short_name or village.name.removesuffix("妇女联合会")
        home = services.home_create(
            actor=admin,
            organization=village,
            name=f"{short}妇女之家",
            location="party_center" if index % 3 == 0 else "village",
            address=village.address or f"天津市滨海新区{short}党群服务中心",
            indoor_area=40 + 10 * (index % 5),
            outdoor_area=100 + 20 * (index % 4),
            shared_use=index % 3 == 0,
            shared_with="党群服务中心" if index % 3 == 0 else "",
            contact_phone=f"022-6{index:03d}0000",
        )
        counts["homes"] += 1
        if index in (0, 3):
            services.home_designate(
                actor=admin,
                home=home,
                designator=district,
                on=today - dt.timedelta(days=200 + index),
            )
            counts["designated"] += 1
        # every township's second home has stale boards and an overdue loan, so each
        # street's and community's workbench shows them
        months_ago = 8 if 1 in (place, index) else 1 + index % 4
        for board in ("garden", "snapshots"):
            services.board_update_record(
                actor=admin,
                home=home,
                board=board,
                date=today - dt.timedelta(days=30 * months_ago),
                title="三八妇女节主题活动" if board == "snapshots" else "本季度妇联工作动态",
            )
            counts["board_updates"] += 1
        if index > 3 and place != 1:  # items, rota and an exception: the first homes
            continue
        items = [
            services.item_create(
                actor=admin, home=home, kind=kind, name=name, inventory_number=number
            )
            for kind, name, number in ITEMS
        ]
        services.rota_add(
            actor=admin, home=home, weekday=5, session="am", role="volunteer", name="巾帼志愿者"
        )
        services.exception_create(
            actor=admin,
            home=home,
            date=today + dt.timedelta(days=10 + index),
            is_open=False,
            reason="场地消杀",
        )
        if place == 1 and index != 1:
            services.loan_create(
                actor=admin,
                home=home,
                item=items[2],
                borrower_name="赵女士",
                lent_on=today - dt.timedelta(days=40),
                due_date=today - dt.timedelta(days=10),
            )
            counts["loans"] += 1
        if index == 1:  # one overdue, one out, one returned
            services.loan_create(
                actor=admin,
                home=home,
                item=items[2],
                borrower_name="张女士",
                lent_on=today - dt.timedelta(days=30),
                due_date=today - dt.timedelta(days=16),
            )
            services.loan_create(
                actor=admin,
                home=home,
                item=items[3],
                borrower_name="李女士",
                lent_on=today - dt.timedelta(days=3),
                due_date=today + dt.timedelta(days=11),
            )
            returned = services.loan_create(
                actor=admin,
                home=home,
                item=items[4],
                borrower_name="王女士",
                lent_on=today - dt.timedelta(days=20),
                due_date=today - dt.timedelta(days=6),
            )
            services.loan_return(
                actor=admin, loan=returned, returned_on=today - dt.timedelta(days=8)
            )
            counts["loans"] += 3
    return counts


@transaction.atomic
def load_ledger_loans_demo() -> dict:
    """R-HM-05 with a borrower picked from the women's ledger: :data:`LEDGER_LOANS` loans at
    the district's homes (first homes first) whose federation keeps a ledger, to different
    women found through hook ``home_borrowers`` (by surname, as the form searches), one
    still out and one returned, through the services (audited). Run after the ledger's
    demo; adds nothing once the district has such a loan, or without a ledger."""
    district = Organization.objects.filter(code=DISTRICT).first()
    admin = get_user_model().objects.filter(username="admin").first()
    counts = {"ledger_loans": 0}
    if district is None or admin is None:
        return counts
    within = _subtree(district, "org_path")
    if Loan.objects.filter(**within, borrower_entry_id__isnull=False).exists():
        return counts
    today = today_local()
    for home in Home.objects.filter(**within).select_related("organization").order_by("org_path"):
        wanted = LEDGER_LOANS - counts["ledger_loans"]
        if not wanted:
            break
        out = Loan.objects.filter(home=home, returned_on__isnull=True).values("item_id")
        free = list(
            Item.objects.filter(home=home, lendable=True, is_active=True)
            .exclude(pk__in=out)
            .order_by("inventory_number")[:wanted]
        )
        found: dict[int, dict] = {}
        for surname in BORROWER_SEARCHES if free else ():
            for row in borrowers(admin, home, query=surname):
                found.setdefault(row["id"], row)
            if len(found) >= len(free):
                break
        for item, borrower in zip(free, found.values(), strict=False):
            still_out = counts["ledger_loans"] == 0  # the first still out, the next returned
            loan = services.loan_create(
                actor=admin,
                home=home,
                item=item,
                borrower_entry=borrower["id"],
                lent_on=today - dt.timedelta(days=5 if still_out else 25),
                due_date=today + dt.timedelta(days=9 if still_out else -11),
            )
            if not still_out:
                services.loan_return(
                    actor=admin, loan=loan, returned_on=today - dt.timedelta(days=12)
                )
            counts["ledger_loans"] += 1
    return counts
