"""Row makers and role sets shared by the members rows of the authorization matrix
(``matrix_rows_*.py``): a row is a page or an API call, a read or a write, and its expected
answers are one of a few role sets built with ``lvzhi.core.tests.matrix``'s ``cadres``,
``readers`` and ``signed_in``. Anonymous is left to ``Row`` (login page, or 401 on the API).
"""

from lvzhi.core.tests.matrix import (
    CHANGE_SUBTREE_REDIRECT,
    CREATED_SUBTREE,
    Row,
    cadres,
    readers,
    signed_in,
)

# Role sets: who may view the organization (the cadre her subtree, the others their own);
# only cadres of the subtree (reading, changing through a page, creating through the API).
VIEWERS = readers()
CADRES = cadres()
CADRE_WRITES = cadres(CHANGE_SUBTREE_REDIRECT)
CADRE_CREATES = cadres(CREATED_SUBTREE)
SIGNED_IN = signed_in()


def page(name, url, expect):
    """A page read (GET)."""
    return Row(name, "GET", url, expect)


def page_submit(name, url, expect, data):
    """A form submitted to a page (POST): a write."""
    return Row(name, "POST", url, expect, data=data, writes=True)


def api_read(name, url, expect):
    """An API read (GET)."""
    return Row(name, "GET", url, expect, api=True)


def api_write(name, method, url, expect, data, writes=True):
    """An API call with a body: a write unless ``writes=False`` (a preview)."""
    return Row(name, method, url, expect, data=data, api=True, writes=writes)
