"""The organization a module's page works on (``?org=``) and the area of a public list
(``?area=``), shared by the 妇女之家 and social-organization pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from lvzhi.orgs.selectors import organization_from_request, public_area_from_request


def _request(user=None, **query):
    request = RequestFactory().get("/", query)
    request.user = user or AnonymousUser()
    request.session = {}
    return request


@pytest.fixture
def cadre(org_tree, make_user):
    return make_user("page-cadre", "cadre", org_tree.xinhe)


def test_org_parameter_in_scope(org_tree, cadre):
    assert organization_from_request(_request(cadre, org=org_tree.xinhe_1.pk)) == org_tree.xinhe_1


@pytest.mark.parametrize("value", ["dagu", "abc", "-1", "99999999999999999999"])
def test_org_parameter_out_of_scope_or_malformed_is_404(org_tree, cadre, value):
    pk = getattr(org_tree, value).pk if value == "dagu" else value
    with pytest.raises(Http404):
        organization_from_request(_request(cadre, org=pk))


def test_without_parameter_the_switchers_choice(org_tree, cadre, make_user):
    assert organization_from_request(_request(cadre)) == org_tree.xinhe
    with pytest.raises(Http404):
        organization_from_request(_request(make_user("nobody")))


def test_action_is_checked(org_tree, make_user):
    viewer = make_user("page-viewer", "member", org_tree.xinhe)
    assert organization_from_request(_request(viewer, org=org_tree.xinhe.pk)) == org_tree.xinhe
    with pytest.raises(Http404):
        organization_from_request(_request(viewer, org=org_tree.xinhe.pk), "create")


def test_public_area(org_tree):
    assert public_area_from_request(_request()) is None
    assert public_area_from_request(_request(area=org_tree.dagu.pk)) == org_tree.dagu
    for value in (org_tree.union.pk, org_tree.group.pk, "abc", "0", "99999999999999999999"):
        with pytest.raises(Http404):
            public_area_from_request(_request(area=value))
