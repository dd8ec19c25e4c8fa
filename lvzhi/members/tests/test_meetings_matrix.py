"""The meetings rows of the authorization matrix, run here until the lead wires
MEETING_ROWS into MATRIX (then this module skips itself, so they do not run twice)."""

import pytest

from lvzhi.core.tests import test_authorization_matrix as matrix
from lvzhi.core.tests.test_authorization_matrix import RELATIONS, ROLES, world  # noqa: F401

from .matrix_rows_meetings import MEETING_ROWS

WIRED = any(row in matrix.MATRIX for row in MEETING_ROWS)


def _cases():
    for row in MEETING_ROWS:
        for role in ROLES:
            for relation in RELATIONS:
                yield pytest.param(row, role, relation, id=f"{row.name}|{role}|{relation}")


@pytest.mark.skipif(WIRED, reason="MEETING_ROWS run in the authorization matrix")
@pytest.mark.parametrize(("row", "role", "relation"), list(_cases()))
def test_meeting_rows(client, world, row, role, relation):  # noqa: F811
    matrix.test_matrix(client, world, row, role, relation)
