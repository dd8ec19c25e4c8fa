"""The demo district: Tianjin Binhai New Area (天津市滨海新区).

``load_demo()`` builds, idempotently, the women's federation tree of Binhai with its 21
real streets and towns (names and statistical codes copied from the national division
list), sample communities and villages with their federations, women's groups and 微家,
the district trade union, departments, party organizations, terms, executive committees
with people, and one account per default role. Existing rows are found by their codes
(or natural keys) and kept: running it twice changes nothing.

Communities, villages, people, ID numbers and phone numbers are illustrative: generated
deterministically from fixed seeds, valid in form (GB 11643 check digit, mainland mobile
ranges), not real.

Modules: ``data`` (the fixed tables), ``tree`` (organizations, party names, term plans as
plain values), ``people`` (generated people and committees), ``loader`` (``load_demo``).
"""

from .data import BINHAI_TOWNSHIPS, DEMO_PASSWORD, DEMO_URL, FEMALE_CHARS, SURNAMES
from .loader import Summary, load_demo

__all__ = [
    "BINHAI_TOWNSHIPS",
    "DEMO_PASSWORD",
    "DEMO_URL",
    "FEMALE_CHARS",
    "SURNAMES",
    "Summary",
    "load_demo",
]
