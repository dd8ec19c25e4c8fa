"""R-HM-08: the board's delegate figures (市、区妇代会代表) come from the grassroots
elections' delegate lists (hook ``home_board_figures``): the delegates of the latest
election of the district and the municipal federation above the home who are people of
the home's federation, with their source, no longer typed in; without such an election
the figure stays editable and typed."""

import datetime as dt

import pytest

from lvzhi.grassroots.models import Delegate, Election
from lvzhi.homes import selectors, services
from lvzhi.homes.models import Home
from lvzhi.orgs.models import Person

pytestmark = pytest.mark.django_db


def election(org, names, kind="renewal"):
    row = Election.objects.create(organization=org, org_path=org.path, kind=kind)
    for order, name in enumerate(names, 1):
        Delegate.objects.create(election=row, order=order, name=name)
    return row


def figures(home):
    return {f.code: f for f in selectors.board_figures(Home.objects.get(pk=home.pk))}


def test_delegates_from_the_election_lists(cadre, homes, org_tree, clock):
    home = homes["xinhe_1"]
    for name in ("王秀兰", "赵丽"):
        Person.objects.create(
            organization=org_tree.xinhe_1, org_path=org_tree.xinhe_1.path, name=name, gender="F"
        )
    services.board_figures_update(actor=cadre, home=home, values={"district_delegates": 9})
    assert figures(home)["district_delegates"].value == 9  # typed: no election yet
    assert figures(home)["city_delegates"].editable
    old = election(org_tree.district, ["王秀兰"])
    old.created_at = old.created_at - dt.timedelta(days=2000)
    old.save(update_fields=["created_at"])
    election(org_tree.district, ["王秀兰", "赵丽", "大沽的代表"])  # the latest counts
    election(org_tree.city, ["赵丽", "别处的代表"])
    found = figures(home)
    district, city = found["district_delegates"], found["city_delegates"]
    assert (district.value, district.editable) == (2, False)
    assert "滨海新区" in district.source and "妇女代表名单" in district.source
    assert (city.value, city.editable) == (1, False)
    # another village's home: none of its people are on the lists
    other = figures(homes["dagu_1"])["district_delegates"]
    assert (other.value, other.editable) == (0, False)
