"""The federation's page of a filed organization lists its project applications (batch,
status, amounts asked and funded, links to the application and the batch), read through
the projects' scoped selector: a cadre sees only the applications to batches in her
scope, another organization's never; the page's queries do not grow with them."""

import pytest
from django.urls import reverse

from lvzhi.socialorgs.projects import services

from .project_helpers import (  # noqa: F401
    apply,
    district_cadre,
    make_batch,
    org_user,
    other_org_user,
    project_orgs,
)

pytestmark = pytest.mark.django_db


def page(organization):
    return reverse("socialorgs:detail", args=[organization.pk])


@pytest.fixture
def township_cadre(org_tree, make_user):
    return make_user("xh_cadre", "cadre", org_tree.xinhe)


def test_the_page_lists_its_applications_with_batch_status_and_amounts(
    client,
    org_tree,
    district_cadre,  # noqa: F811
    township_cadre,
    project_orgs,  # noqa: F811
    org_user,  # noqa: F811
    other_org_user,  # noqa: F811
):
    district_batch = make_batch(district_cadre, org_tree.district, title="区级关爱项目")
    township_batch = make_batch(township_cadre, org_tree.xinhe, title="街道邻里项目")
    funded = apply(org_user, district_batch, title="留守儿童陪伴计划", budget="50000")
    services.application_accept(actor=district_cadre, application=funded)
    nearby = apply(org_user, township_batch, title="邻里互助课堂", budget="8000")
    theirs = apply(other_org_user, district_batch, title="广场舞健康行")

    client.force_login(district_cadre)
    response = client.get(page(project_orgs["xinhe_1"]))
    assert response.status_code == 200
    assert [a.pk for a in response.context["applications"]] == [nearby.pk, funded.pk]
    body = response.content.decode()
    table = body.split('id="applications"', 1)[1].split("</table>", 1)[0]
    assert "留守儿童陪伴计划" in table and "区级关爱项目" in table
    assert reverse("socialorg_projects:application", args=[funded.pk]) in table
    assert reverse("socialorg_projects:batch", args=[district_batch.pk]) in table
    assert "50000.00" in table
    funded.refresh_from_db()
    assert str(funded.get_status_display()) in table
    assert "广场舞健康行" not in table and theirs.organization_id != funded.organization_id

    # the township cadre sees the organization (filed in her subtree), but of its
    # applications only those to batches in her scope: not the district's
    client.force_login(township_cadre)
    response = client.get(page(project_orgs["xinhe_1"]))
    assert [a.pk for a in response.context["applications"]] == [nearby.pk]
    assert "留守儿童陪伴计划" not in response.content.decode()


def test_an_organization_without_applications_says_so(
    client,
    district_cadre,  # noqa: F811
    project_orgs,  # noqa: F811
):
    client.force_login(district_cadre)
    body = client.get(page(project_orgs["dagu_1"])).content.decode()
    assert "尚无项目申报" in body.split('id="applications"', 1)[1]


def test_its_queries_do_not_grow_with_the_applications(
    client,
    org_tree,
    district_cadre,  # noqa: F811
    project_orgs,  # noqa: F811
    org_user,  # noqa: F811
    django_assert_max_num_queries,
):
    first = make_batch(district_cadre, org_tree.district)
    apply(org_user, first)
    client.force_login(district_cadre)
    url = page(project_orgs["xinhe_1"])
    client.get(url)  # the first request of a session fills its caches
    with django_assert_max_num_queries(30) as captured:
        assert client.get(url).status_code == 200
    count = len(captured)
    for number in range(4):
        batch = make_batch(district_cadre, org_tree.district, title=f"批次{number}")
        services.application_accept(actor=district_cadre, application=apply(org_user, batch))
    with django_assert_max_num_queries(count) as captured:
        response = client.get(url)
    assert len(response.context["applications"]) == 5
