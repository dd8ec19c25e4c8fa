"""Row makers and role sets of the members rows of the authorization matrix
(``matrix_rows_*.py``), from ``lvzhi.core.tests.matrix`` where every module's rows find
them: a row is a page or an API call, a read or a write, and its expected answers are one
of a few role sets. Anonymous is left to ``Row`` (login page, or 401 on the API).
"""

from lvzhi.core.tests.matrix import (  # noqa: F401  (the members rows import them from here)
    CADRE_CREATES,
    CADRE_WRITES,
    CADRES,
    SIGNED_IN,
    VIEWERS,
    api_read,
    api_write,
    page,
    page_submit,
)
