"""CHANGE_ROWS through the authorization matrix's own check, until the lead wires them into
MATRIX (then this module can go)."""

import pytest

from lvzhi.core.tests import test_authorization_matrix as matrix
from lvzhi.core.tests.test_authorization_matrix import world  # noqa: F401

from .matrix_rows_changes import CHANGE_ROWS


def _cases():
    for row in CHANGE_ROWS:
        for role in matrix.ROLES:
            for relation in matrix.RELATIONS:
                yield pytest.param(row, role, relation, id=f"{row.name}|{role}|{relation}")


@pytest.mark.parametrize(("row", "role", "relation"), list(_cases()))
def test_change_rows(client, world, row, role, relation):  # noqa: F811
    matrix.test_matrix(client, world, row, role, relation)
