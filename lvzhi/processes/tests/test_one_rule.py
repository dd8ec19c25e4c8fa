"""One implementation per rule (issue 10): the assignee choice of a case and department
scope are selectors; the case pages and the API answer alike for the same input."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from lvzhi.processes import selectors, services
from lvzhi.processes.api import assignee_of
from lvzhi.processes.forms import AssignForm, assignee_choices

from .api_kit import API, publish_32


def _page_accepts(organization, user) -> bool:
    form = AssignForm({"assignee": user.pk}, users=assignee_choices(organization))
    return form.is_valid()


def _api_accepts(organization, user) -> bool:
    try:
        return assignee_of(organization, user.pk) == user
    except ValidationError:
        return False


def test_pages_and_api_accept_the_same_assignees(seeded, people, make_user):
    retired = make_user("retired_cadre", "cadre", seeded.xinhe_1, is_active=False)
    candidates = {
        "cadre": people.cadre,
        "propaganda": people.propaganda,
        "city_cadre": people.city_cadre,
        "xinhe_cadre": people.xinhe_cadre,
        "village_cadre": people.village_cadre,
        "retired": retired,
    }
    for organization, expected in (
        # the district's case: its own people and those below it, not the city above
        (seeded.district, {"cadre", "propaganda", "xinhe_cadre", "village_cadre"}),
        # the township's case: the township and its villages only
        (seeded.xinhe, {"xinhe_cadre", "village_cadre"}),
    ):
        page = {name for name, u in candidates.items() if _page_accepts(organization, u)}
        api = {name for name, u in candidates.items() if _api_accepts(organization, u)}
        assert page == api == expected, organization.name


def test_assign_page_and_api_refuse_the_same_user(seeded, people, client):
    """End to end: the city's cadre (above the district) is refused by both doors."""
    template = publish_32(seeded, people)
    case = services.case_start(
        actor=people.cadre, template=template, organization=seeded.district, title="指派"
    )
    client.force_login(people.cadre)
    url = reverse("processes:case-assign", args=[case.pk])
    client.post(url, {"assignee": people.city_cadre.pk})
    case.refresh_from_db()
    assert case.assignee is None
    api = APIClient()
    api.force_authenticate(people.cadre)
    answer = api.post(
        f"{API}/cases/{case.pk}/assign/", {"assignee": people.city_cadre.pk}, format="json"
    )
    assert answer.status_code == 400 and "负责人" in answer.content.decode()
    case.refresh_from_db()
    assert case.assignee is None
    # and both accept the district's own staff
    assert (
        api.post(
            f"{API}/cases/{case.pk}/assign/", {"assignee": people.propaganda.pk}, format="json"
        ).status_code
        == 200
    )
    case.refresh_from_db()
    assert case.assignee == people.propaganda


@pytest.mark.parametrize(
    ("who", "propaganda", "rights"),
    [
        ("cadre", True, True),  # the district's cadre: every department of the district
        ("propaganda", True, False),  # department staff: her own department only
        ("city_cadre", False, False),  # the city without its subtree
        ("xinhe_cadre", False, False),  # a township below: not the district's departments
    ],
)
def test_department_pages_follow_the_department_scope(
    seeded, people, client, who, propaganda, rights
):
    user = getattr(people, who)
    visible = set(selectors.visible_departments(user).values_list("pk", flat=True))
    assert (seeded.propaganda.pk in visible) is propaganda
    assert (seeded.rights.pk in visible) is rights
    client.force_login(user)
    for department, allowed in ((seeded.propaganda, propaganda), (seeded.rights, rights)):
        answer = client.get(reverse("processes:department", args=[department.pk]))
        assert answer.status_code == (200 if allowed else 404), department.name
