"""The public home page (issue 16 point 10) stays cheap: its board counts each kind of
unit once (women's groups and 微家 under the home's federation, however many), and the
page costs a fixed number of queries whatever the home holds."""

import pytest
from django.urls import reverse

from lvzhi.homes import selectors
from lvzhi.homes.models import Home
from lvzhi.orgs.models import Kind, Level, Organization

pytestmark = pytest.mark.django_db


def unit(parent, name, kind):
    parent = Organization.objects.get(pk=parent.pk)  # numchild as it is now
    org = Organization(name=name, code=f"U-{name}", system="fl", kind=kind, level=Level.VILLAGE)
    return Organization.objects.add_child(parent, instance=org)


def test_board_counts_every_group_and_micro_home(homes, org_tree):
    before = {f.code: f.value for f in selectors.board_figures(homes["xinhe_1"])}
    unit(org_tree.xinhe_1, "第二妇女小组", Kind.WOMEN_GROUP)
    unit(org_tree.xinhe_1, "第三妇女小组", Kind.WOMEN_GROUP)
    unit(org_tree.xinhe_1, "巾帼微家甲", Kind.MICRO_HOME)
    unit(org_tree.xinhe_1, "巾帼微家乙", Kind.MICRO_HOME)
    home = Home.objects.get(pk=homes["xinhe_1"].pk)
    figures = {f.code: f.value for f in selectors.board_figures(home)}
    assert figures["women_groups"] == before["women_groups"] + 2
    assert figures["micro_homes"] == (before["micro_homes"] or 0) + 2


@pytest.mark.parametrize("groups", [0, 4])
def test_public_page_queries(client, homes, org_tree, groups, django_assert_max_num_queries):
    for index in range(groups):
        unit(org_tree.xinhe_1, f"妇女小组{index}", Kind.WOMEN_GROUP)
    url = reverse("homes:public-detail", args=[homes["xinhe_1"].pk])
    client.get(url)
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200
