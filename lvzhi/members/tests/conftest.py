"""Fixtures of the members tests: committees on the test tree.

``committees`` gives 新河街道妇联 (township) a committee of 25 (chair, 2 vice-chairs,
22 members) and 新河一社区妇联 (village) a committee of 12, seated on 2024-01-01 in a
term running to 2028-12-31; the first three of each committee have user accounts with
the member role at their organization.
"""

import datetime as dt

import pytest

from lvzhi.core.models import Role, RoleAssignment
from lvzhi.core.roles import ensure_default_roles
from lvzhi.orgs.models import Person, Position, Term, Title

SEATED_ON = dt.date(2024, 1, 1)


def seat_committee(organization, size, django_user_model, prefix):
    ensure_default_roles(Role)
    member_role = Role.objects.get(code="member")
    term = Term.objects.create(
        organization=organization,
        org_path=organization.path,
        number=1,
        start_date=SEATED_ON,
        end_date=dt.date(2028, 12, 31),
    )
    people = []
    for index in range(size):
        user = None
        if index < 3:
            user = django_user_model.objects.create_user(
                username=f"{prefix}{index + 1}", password="pass-1234"
            )
            RoleAssignment.objects.create(
                user=user, role=member_role, organization=organization, include_descendants=False
            )
        person = Person.objects.create(
            organization=organization,
            org_path=organization.path,
            name=f"{organization.short_name or organization.name[:4]}执委{index + 1}",
            user=user,
        )
        title = Title.CHAIR if index == 0 else Title.VICE_CHAIR if index < 3 else Title.MEMBER
        Position.objects.create(
            person=person,
            organization=organization,
            org_path=organization.path,
            term=term,
            title=title,
            start_date=SEATED_ON,
        )
        people.append(person)
    return people


@pytest.fixture
def committees(org_tree, django_user_model):
    class Committees:
        township = seat_committee(org_tree.xinhe, 25, django_user_model, "xinhe_member")
        village = seat_committee(org_tree.xinhe_1, 12, django_user_model, "village_member")
        tree = org_tree

    return Committees
