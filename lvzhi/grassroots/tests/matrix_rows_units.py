"""Authorization matrix rows for women's groups and 微家 (R-OR-03): whoever sees the
subtree reads them; only a cadre of the subtree creates them and changes their members
and activities."""

import datetime as dt

from django.contrib.auth import get_user_model

from lvzhi.core.tests.matrix import (
    CADRE_CREATES,
    CADRE_WRITES,
    CADRES,
    NOT_FOUND,
    OK,
    VIEWERS,
    api_read,
    api_write,
    by_relation,
    cadres,
    page,
    page_submit,
)
from lvzhi.grassroots.units import services
from lvzhi.orgs.models import Kind, Level

API = "/api/v1/grassroots"


def _home(o):
    """A 微家 under the target (a village federation made under it when the target is not
    one), made before the matrix counts."""
    if not hasattr(o, "micro"):
        from lvzhi.orgs import services as orgs

        admin = get_user_model().objects.get(username="admin")
        parent = o
        if o.level not in (Level.VILLAGE, Level.GRASSROOTS) or o.kind in (
            Kind.WOMEN_GROUP,
            Kind.MICRO_HOME,
        ):
            parent = orgs.organization_create(
                actor=admin,
                parent=o,
                name=f"{o.name}下属社区妇联",
                code=f"MX-{o.pk}",
                kind=Kind.LOCAL_FEDERATION,
                level=Level.VILLAGE,
            )
        o.micro = services.small_unit_create(
            actor=admin,
            parent=parent,
            kind=Kind.MICRO_HOME,
            name=f"{o.name}微家",
            start_date=dt.date(2026, 1, 1),
            leader="负责人",
            members=["甲", "乙"],
            basis="building",
            basis_detail="1号楼",
        )
    return o.micro


def _member(o):
    return {"name": "新成员", "start_date": "2026-11-01"}


def _seat(o):
    """A member's seat in the target's 微家 (the one who leaves)."""
    from lvzhi.orgs.models import Position

    return Position.objects.get(organization=_home(o), person__name="甲")


def _leave(o):
    return {"end_date": "2026-11-15"}


def _activity(o):
    return {"held_on": "2026-11-01", "title": "楼栋议事会", "participants": 8}


UNIT_ROWS = [
    # the 微家 sits below the target: roles scoped to their own organization do not see it
    page("unit page", lambda o: f"/grassroots/units/{_home(o).pk}/", CADRES),
    page("micro homes page", lambda o: f"/grassroots/micro-homes/?org={o.pk}", VIEWERS),
    page("women group create page", lambda o: f"/grassroots/women-groups/new/?org={o.pk}", CADRES),
    api_read("API unit", lambda o: f"{API}/units/{_home(o).pk}/", CADRES),
    api_read("API micro homes", lambda o: f"{API}/micro-homes/{o.pk}/", VIEWERS),
    page_submit(
        "unit member add page",
        lambda o: f"/grassroots/units/{_home(o).pk}/members/",
        CADRE_WRITES,
        data=_member,
    ),
    page_submit(
        "unit activity page",
        lambda o: f"/grassroots/units/{_home(o).pk}/activities/",
        CADRE_WRITES,
        data=_activity,
    ),
    api_write(
        "API unit member add",
        "POST",
        lambda o: f"{API}/units/{_home(o).pk}/members/",
        CADRE_CREATES,
        data=_member,
    ),
    page_submit(
        "unit member end page",
        lambda o: f"/grassroots/units/{_home(o).pk}/members/{_seat(o).pk}/end/",
        CADRE_WRITES,
        data=_leave,
    ),
    api_write(
        "API unit member end",
        "POST",
        lambda o: f"{API}/units/{_home(o).pk}/members/{_seat(o).pk}/end/",
        cadres(by_relation(OK, NOT_FOUND, NOT_FOUND, OK)),
        data=_leave,
    ),
    api_write(
        "API unit activity",
        "POST",
        lambda o: f"{API}/units/{_home(o).pk}/activities/",
        CADRE_CREATES,
        data=_activity,
    ),
]
