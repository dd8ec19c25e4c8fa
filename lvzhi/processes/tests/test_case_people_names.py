"""People, not logins, on the case page: the timeline, 完成于 and 负责人 show the person's
name and post; the login name only to a platform administrator; no query per person."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.orgs.models import Person, Position, Title
from lvzhi.processes import services

from .test_pages_cases import _complete, _start, women_32  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _seat(user, org, name, title=Title.CHAIR):
    person = Person.objects.create(organization=org, org_path=org.path, name=name, user=user)
    Position.objects.create(
        person=person,
        organization=org,
        org_path=org.path,
        title=title,
        start_date=dt.date(2024, 1, 1),
    )
    return person


def _page(client, case):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("processes:case", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_case_page_shows_people_not_logins(client, seeded, people, women_32, make_user):  # noqa: F811
    _seat(people.cadre, seeded.district, "王芳")
    people.propaganda.first_name, people.propaganda.last_name = "丽", "李"
    people.propaganda.save()
    quiet = _start(people, women_32, seeded.district, title="评选甲")
    busy = _start(people, women_32, seeded.district, title="评选乙")
    _complete(people.propaganda, busy, 1)
    services.case_assign(actor=people.cadre, case=busy, assignee=people.propaganda)
    client.force_login(people.propaganda)  # department staff: not a platform administrator
    html, busy_queries = _page(client, busy)
    district = seeded.district.short_name or seeded.district.name
    assert f"王芳（{district} 主席）" in html
    assert f"李丽（{district} {people.propaganda.role_assignments.get().department.name}）" in html
    assert "district_cadre" not in html and "propaganda_staff" not in html
    listing = client.get(reverse("processes:cases")).content.decode()
    assert "李丽" in listing and "propaganda_staff" not in listing  # 负责人 column
    _html, quiet_queries = _page(client, quiet)
    assert quiet_queries == busy_queries  # names resolved at once, whoever acted
    admin = make_user("platform", "platform_admin", seeded.district)
    client.force_login(admin)
    html, _n = _page(client, busy)
    assert "district_cadre" in html and "王芳" in html
