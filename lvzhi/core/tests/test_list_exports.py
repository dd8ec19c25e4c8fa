"""Excel exports of the case lists, the template list and the workbench's terms list: the
file holds every row of the page's filtered list (all pages), only rows in the user's
scope, the person in charge by name (never a login), in a fixed number of queries."""

import pytest
from django.urls import reverse

from lvzhi.dashboards.tests.conftest import populate, roles  # noqa: F401 (fixtures)
from lvzhi.processes import selectors as process_selectors
from lvzhi.processes.models import Case, CaseStatus, ProcessTemplate

from .test_exports import read_sheet, streamed

pytestmark = pytest.mark.django_db


def export(client, url):
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}format=xlsx")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    _sheet, values = read_sheet(streamed(response))
    return values[0], values[1:]


def test_case_list_export_is_the_filtered_list_in_scope(client, populate):  # noqa: F811
    world = populate(4)
    cadre = world.township_cadre
    client.force_login(cadre)
    visible = process_selectors.case_list(cadre)
    assert visible.count() > 5
    header, rows = export(client, reverse("processes:cases"))
    assert header[:4] == ["办件名称", "事项编号", "组织", "承办部门"]
    assert len(rows) == visible.count()
    assert [row[0] for row in rows] == [case.title for case in visible]
    inside = {world.tree.xinhe.name, world.tree.xinhe_1.name, "新河一社区第一妇女小组"}
    assert {row[2] for row in rows} <= inside
    # cases of 大沽 (outside her township) exist, and never appear
    assert Case.objects.filter(organization=world.tree.dagu).exists()
    assert world.tree.dagu.name not in {row[2] for row in rows}
    # the page's filters apply: only finished cases
    _header, finished = export(client, reverse("processes:cases") + "?status=finished")
    expected = visible.filter(status=CaseStatus.FINISHED).count()
    assert len(finished) == expected and {row[8] for row in finished} <= {"已办结"}


def test_overdue_export_counts_days_and_names_people(client, populate):  # noqa: F811
    world = populate(4)
    client.force_login(world.district_cadre)
    client.get(reverse("dashboards:workbench"))
    header, rows = export(client, reverse("processes:overdue"))
    assert header[7] == "逾期天数" and header[9] == "负责人"
    assert rows and all(isinstance(row[7], int) and row[7] > 0 for row in rows)
    usernames = set(
        Case.objects.filter(assignee__isnull=False).values_list("assignee__username", flat=True)
    )
    assert not usernames & {row[9] for row in rows}  # people, not logins


def test_case_export_query_count_is_constant(
    client,
    populate,  # noqa: F811
    django_assert_max_num_queries,
):
    world = populate(1)
    client.force_login(world.district_cadre)
    url = reverse("processes:cases")
    with django_assert_max_num_queries(40) as small:
        _header, few = export(client, url)
    from lvzhi.processes import scale

    scale.generate_cases(root_code=world.tree.city.code, cases=150, events=False, seed=99)
    with django_assert_max_num_queries(len(small.captured_queries)):
        _header, many = export(client, url)
    assert len(many) > len(few) + 50


def test_inbox_and_template_exports(client, populate):  # noqa: F811
    world = populate(2)
    client.force_login(world.staff)
    header, rows = export(client, reverse("processes:inbox"))
    steps = process_selectors.inbox(world.staff)
    assert header[0] == "办件名称" and len(rows) == steps.count()
    client.force_login(world.district_cadre)
    client.get(reverse("dashboards:workbench"))
    page = client.get(reverse("processes:templates")).content.decode()
    header, rows = export(client, reverse("processes:templates"))
    district = ProcessTemplate.objects.filter(organization=world.tree.district)
    assert header[1] == "流程名称"
    assert sorted(row[1] for row in rows) == sorted(district.values_list("name", flat=True))
    assert all(row[1] in page for row in rows)


def test_terms_overdue_export(client, populate):  # noqa: F811
    world = populate(1)
    client.force_login(world.district_cadre)
    header, rows = export(
        client, reverse("dashboards:terms-overdue") + f"?org={world.tree.dagu.pk}"
    )
    assert header == ["组织", "届次", "届满日期", "逾期天数", "规则"]
    assert {row[0] for row in rows} == {world.tree.dagu.name, world.tree.dagu_1.name}
    assert {row[4] for row in rows} == {"R-OR-08"}
    # out of scope: 404 like the page
    client.force_login(world.village_cadre)
    url = reverse("dashboards:terms-overdue") + f"?org={world.tree.dagu.pk}&format=xlsx"
    assert client.get(url).status_code == 404
