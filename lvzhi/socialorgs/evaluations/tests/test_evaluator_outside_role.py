"""The evaluator (第三方评估人员) in the authorization matrix: an account a cadre of
新河街道妇联 (the matrix's ``own`` federation) opened there, named by the plan of the
``own`` target's evaluation (``matrix_rows_evaluations.evaluation_of``). The evaluations
of the other targets name other evaluators (``evaluator_of``: one per federation).

- Every row of the social organizations', projects', evaluations' and complaints' matrix
  files, at every relation, answers her what it answers a stranger (department staff at a
  sibling federation: the public pages and signed-in lists, 404 for every federation
  record), but her own evaluation's pages and endpoints (``HERS``: at ``own`` they answer
  her, elsewhere they are another evaluator's and answer 404); a refusal writes nothing
  (``check_effect``).
- At her own federation, another evaluator's evaluation (another plan of the same year)
  answers her 404 on every page and endpoint, and her lists hold only her own."""

import pytest
from django.urls import reverse

from lvzhi.core.models import AuditEvent
from lvzhi.core.tests.matrix import (
    NOT_FOUND,
    OK,
    REDIRECT,
    by_relation,
    check_effect,
    snapshot,
)
from lvzhi.core.tests.test_authorization_matrix import _build_world, _request
from lvzhi.socialorgs.evaluations import services
from lvzhi.socialorgs.evaluations.models import Evaluation, EvaluationPlan
from lvzhi.socialorgs.evaluations.roles import EVALUATOR
from lvzhi.socialorgs.tests import matrix_rows_evaluations as evaluation_rows
from lvzhi.socialorgs.tests.conftest import add_org
from lvzhi.socialorgs.tests.matrix_rows_complaints import COMPLAINT_ROWS
from lvzhi.socialorgs.tests.matrix_rows_evaluations import EVALUATION_ROWS
from lvzhi.socialorgs.tests.matrix_rows_projects import PROJECTS_ROWS
from lvzhi.socialorgs.tests.matrix_rows_socialorgs import SOCIALORGS_ROWS

from .conftest import fund

RELATIONS = ("own", "sibling", "ancestor", "descendant")
ROWS = [*SOCIALORGS_ROWS, *PROJECTS_ROWS, *EVALUATION_ROWS, *COMPLAINT_ROWS]
ONLY_OWN = by_relation(OK, NOT_FOUND, NOT_FOUND, NOT_FOUND)
# where she is not a stranger: the own target's evaluation is hers (the others' are not)
HERS = {
    "evaluations detail": ONLY_OWN,
    "evaluations qr": ONLY_OWN,
    "evaluations score (only the plan's evaluator)": by_relation(
        REDIRECT, NOT_FOUND, NOT_FOUND, NOT_FOUND
    ),
    "evaluations report": ONLY_OWN,
    "evaluations api mine detail": ONLY_OWN,
    "evaluations api score": ONLY_OWN,
    "evaluations api mine report": ONLY_OWN,
}
PASSWORD = "Pinggu-Jigou-2026!"
SCORE = {"capacity": "80", "results": "70", "satisfaction": "90"}


@pytest.fixture
def outside_world(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    targets, users = _build_world()
    evaluator = services.evaluator_create(
        actor=users["cadre"], federation=targets["own"], username="m_eval", password=PASSWORD
    )
    targets["own"]._evaluator = evaluator  # the own target's plan names her
    return targets, users, evaluator


def test_the_rows_name_every_own_evaluation_row():
    names = {r.name for r in ROWS}
    assert set(HERS) <= names, set(HERS) - names


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_evaluator_gets_what_a_stranger_gets(client, outside_world, row, relation):
    targets, _users, user = outside_world
    assert user.role_assignments.get().role.code == EVALUATOR
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
    if row.name in HERS:
        evaluation = evaluation_rows.evaluation_of(target)
        assert (evaluation.plan.evaluator_id == user.pk) == (relation == "own")


@pytest.fixture
def two_evaluations(outside_world):
    """Hers and a rival evaluator's, both of 新河街道妇联's 2026 funded projects."""
    targets, users, her = outside_world
    own = targets["own"]
    hers = evaluation_rows.evaluation_of(own)
    rival = services.evaluator_create(
        actor=users["cadre"], federation=own, username="m_rival", password=PASSWORD
    )
    plan = EvaluationPlan.objects.create(
        federation=own, org_path=own.path, year=2026, evaluator=rival, agency="另一评估中心"
    )
    application = fund(
        hers.application.batch, add_org(own, "新河对手服务社", tier="township"), "他人项目"
    )
    theirs = Evaluation.objects.create(
        plan=plan, application=application, org_path=own.path, public_key="rivalkey0001"
    )
    return her, hers, rival, theirs


def _own_urls(pk):
    api = f"{evaluation_rows.API}/mine/{pk}"
    return {
        "detail": reverse("socialorgs_evaluations:detail", args=[pk]),
        "qr": reverse("socialorgs_evaluations:qr", args=[pk]),
        "report": reverse("socialorgs_evaluations:report", args=[pk]),
        "api": f"{api}/",
        "api report": f"{api}/report/",
    }


def test_her_own_evaluation_answers_her_another_evaluators_404(client, two_evaluations):
    her, hers, rival, theirs = two_evaluations
    client.force_login(her)
    # hers: detail and QR code, then scored (page), the report (page and API)
    for name in ("detail", "qr", "api"):
        assert client.get(_own_urls(hers.pk)[name]).status_code == 200, name
    response = client.post(reverse("socialorgs_evaluations:score", args=[hers.pk]), SCORE)
    assert response.status_code == 302
    hers.refresh_from_db()
    assert hers.status == "submitted" and hers.report
    for name in ("report", "api report"):
        response = client.get(_own_urls(hers.pk)[name])
        assert response.status_code == 200, name
        assert b"".join(response.streaming_content).startswith(b"PK"), name  # a .docx

    # the rival's, at the same federation and year: every page and endpoint answers 404,
    # scoring it writes nothing, even once it is submitted
    before = snapshot()
    for name, url in _own_urls(theirs.pk).items():
        assert client.get(url).status_code == 404, name
    assert (
        client.post(reverse("socialorgs_evaluations:score", args=[theirs.pk]), SCORE).status_code
        == 404
    )
    assert (
        client.post(
            f"{evaluation_rows.API}/mine/{theirs.pk}/score/", SCORE, content_type="application/json"
        ).status_code
        == 404
    )
    check_effect(
        evaluation_rows.EVALUATION_ROWS[0], "department_staff", hers, her, before, _NotFound, {}
    )
    theirs.refresh_from_db()
    assert theirs.status == "assigned"
    evaluation_rows.submitted_of(_Target(theirs))
    for name in ("report", "api report", "detail", "api"):
        assert client.get(_own_urls(theirs.pk)[name]).status_code == 404, name

    # her lists hold only her own; the rival's hold only hers
    rows = client.get(f"{evaluation_rows.API}/mine/").json()["results"]
    assert [r["id"] for r in rows] == [hers.pk]
    page = client.get(reverse("socialorgs_evaluations:mine")).content.decode()
    assert hers.application.title in page and "他人项目" not in page
    client.force_login(rival)
    rows = client.get(f"{evaluation_rows.API}/mine/").json()["results"]
    assert [r["id"] for r in rows] == [theirs.pk]
    assert client.get(_own_urls(hers.pk)["detail"]).status_code == 404
    assert not AuditEvent.objects.filter(actor=her, object_id=str(theirs.pk)).exists()


class _NotFound:
    """A refused answer, for ``check_effect`` over a group of refused requests."""

    status_code = NOT_FOUND


class _Target:
    """What ``submitted_of`` needs of a target: its evaluation (memoized)."""

    def __init__(self, evaluation):
        self._evaluation = evaluation
