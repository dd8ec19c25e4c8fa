"""The organization user in the authorization matrix: an account of an organization filed
with 新河街道妇联 (the matrix's ``own`` federation), whose role is assigned there.

- Every row of the social organizations' and projects' matrix files, at every relation,
  answers her what it answers a stranger (but her portal and the apply page of a batch
  open to her, ``HERS``) (department staff at a sibling federation: the
  public pages and signed-in trials, 404 for every federation record), and a refusal
  writes nothing (``check_effect``).
- Her own organization (another one filed there) has its application, its document and
  her own endpoints answer her; the same objects of another organization answer 404."""

import pytest
from django.urls import reverse

from lvzhi.core.tests.matrix import NOT_FOUND, OK, by_relation, check_effect, snapshot
from lvzhi.core.tests.test_authorization_matrix import _build_world, _request
from lvzhi.socialorgs.projects import services
from lvzhi.socialorgs.projects.models import OrganizationAccount, ProjectApplication
from lvzhi.socialorgs.roles import ORG_USER

from . import matrix_rows_projects as project_rows
from .conftest import add_org
from .matrix_rows_projects import PROJECTS_ROWS
from .matrix_rows_socialorgs import SOCIALORGS_ROWS, organization_of

RELATIONS = ("own", "sibling", "ancestor", "descendant")
ROWS = [*SOCIALORGS_ROWS, *PROJECTS_ROWS]
# where she is not a stranger: her portal, and the batches published at her filing
# federation or above it, open to her organization
HERS = {
    "socialorg projects my portal": by_relation(OK, OK, OK, OK),
    "socialorg projects my apply page": by_relation(OK, NOT_FOUND, OK, NOT_FOUND),
}


@pytest.fixture
def outside_world(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    targets, users = _build_world()
    organization_of(targets["own"])  # the rows' own organization is not hers
    home = add_org(targets["own"], "新河街道巾帼服务社", tier="township")
    cadre = users["cadre"]
    account = services.account_create(
        actor=cadre, organization=home, username="m_org", password="Zuzhi-Shenbao-2026!"
    )
    return targets, account.user


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_organization_user_gets_what_a_stranger_gets(client, outside_world, row, relation):
    targets, user = outside_world
    assert user.role_assignments.get().role.code == ORG_USER
    client.force_login(user)
    target = targets[relation]
    url = row.url(target)
    data = row.data(target) if row.data else {}
    before = snapshot(row)
    response = _request(client, row, url, data)
    expected = (
        HERS[row.name][relation]
        if row.name in HERS
        else row.expected("department_staff", "sibling")
    )
    assert response.status_code == expected, (row.name, relation, response.status_code)
    check_effect(row, "department_staff", target, user, before, response, data)
    if expected == NOT_FOUND:
        assert target.person.name.encode() not in response.content


def test_her_own_rows_answer_her(client, outside_world):
    targets, user = outside_world
    own = targets["own"]
    mine = ProjectApplication.objects.create(
        batch=project_rows.batch_of(own),
        organization=OrganizationAccount.objects.get(user=user).organization,
        org_path=own.path,
        title="本组织申报",
        budget="1000",
        submitted_at="2026-11-01T10:00:00+08:00",
    )
    theirs = project_rows.application_of(targets["descendant"])
    client.force_login(user)
    assert (
        client.get(reverse("socialorg_projects:my-application", args=[mine.pk])).status_code == 200
    )
    assert client.get(f"/api/v1/socialorgs/projects/my/applications/{mine.pk}/").status_code == 200
    assert (
        client.get(reverse("socialorg_projects:my-application", args=[theirs.pk])).status_code
        == 404
    )
    document = project_rows.document_of(targets["descendant"])
    assert client.get(reverse("socialorg_projects:document", args=[document.pk])).status_code == 404
    rows = client.get("/api/v1/socialorgs/projects/my/applications/").json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    batches = client.get("/api/v1/socialorgs/projects/my/batches/").json()["results"]
    assert [b["id"] for b in batches] == [project_rows.batch_of(own).pk]
