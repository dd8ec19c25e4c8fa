"""Reads of lending to a woman of the ledger (R-HM-05): the women a user may pick as a
borrower, from the ledger through hook ``home_borrowers`` (homes does not import it)."""

from lvzhi.core import hooks


def borrowers(user, home, *, query: str = "", ids=()) -> list[dict]:
    """The ledger's women ``user`` may pick for ``home``: ``{"id", "name", "label"}``,
    the label with a masked phone; empty without the ledger."""
    return [
        row
        for answer in hooks.collect(
            "home_borrowers", user=user, organization=home.organization, query=query, ids=ids
        )
        for row in answer
    ]
