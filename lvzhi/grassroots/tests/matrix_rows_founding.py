"""Authorization matrix rows for the founding procedure through the API and its papers
(R-OR-05): whoever sees a register row prints its papers; only a cadre of the subtree
starts the procedure and files its results."""

from django.contrib.auth import get_user_model

from lvzhi.core.tests.test_authorization_matrix import (
    CREATED_SUBTREE,
    Row,
    cadres,
    readers,
)
from lvzhi.grassroots import founding

from .conftest import add_sixin

SIXIN = "/api/v1/grassroots/sixin"


def _unfounded(o):
    if not hasattr(o, "unfounded"):
        o.unfounded = add_sixin(o, f"{o.name}辖区待建会公司", 40, party=True)
    return o.unfounded


def _founding(o):
    """A register row whose founding procedure has started (made before the matrix counts)."""
    if not hasattr(o, "founding"):
        o.founding = add_sixin(o, f"{o.name}辖区建会中公司", 40, party=True)
        admin = get_user_model().objects.get(username="admin")
        founding.founding_start(actor=admin, sixin=o.founding)
    return o.founding


def _result(o):
    return {
        "name": f"{o.name}辖区建会中公司妇联",
        "code": f"SX-{o.pk}",
        "term_start": "2026-11-01",
        "term_end": "2031-10-31",
        "ballots_issued": 40,
        "ballots_returned": 40,
        "chair": "王芳",
        "vice_chairs": ["李娜", "张敏"],
    }


FOUNDING_ROWS = [
    Row(
        "founding paper (Word) page",
        "GET",
        lambda o: f"/grassroots/sixin/{_founding(o).pk}/founding/documents/plan.docx",
        readers(),
    ),
    Row(
        "API founding paper (Word)",
        "GET",
        lambda o: f"{SIXIN}/{_founding(o).pk}/founding-documents/application/",
        readers(),
        api=True,
    ),
    Row(
        "API founding start",
        "POST",
        lambda o: f"{SIXIN}/{_unfounded(o).pk}/founding/",
        cadres(CREATED_SUBTREE),
        api=True,
        writes=True,
    ),
    Row(
        "API founding result",
        "POST",
        lambda o: f"{SIXIN}/{_founding(o).pk}/founding-result/",
        cadres(CREATED_SUBTREE),
        data=_result,
        api=True,
        writes=True,
    ),
]
