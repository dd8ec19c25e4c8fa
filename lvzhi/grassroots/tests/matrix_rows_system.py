"""Authorization matrix rows for system federation foundings (R-OR-06): whoever sees the
keeping federation reads them; only a cadre of the subtree starts one and opens its
election."""

from django.contrib.auth import get_user_model

from lvzhi.core.tests.matrix import (
    CADRE_CREATES,
    CADRE_WRITES,
    CADRES,
    VIEWERS,
    api_read,
    api_write,
    page,
    page_submit,
)
from lvzhi.orgs.models import Kind

API = "/api/v1/grassroots"


def _admin():
    return get_user_model().objects.get(username="admin")


def _committee(o):
    """An agency's 妇委会 under the target, made before the matrix counts."""
    if not hasattr(o, "committee"):
        from lvzhi.orgs import services as orgs

        o.committee = orgs.organization_create(
            actor=_admin(),
            parent=o,
            name=f"{o.name}机关妇委会",
            code=f"SF-{o.pk}",
            kind=Kind.AGENCY_COMMITTEE,
        )
    return o.committee


def _founding(o):
    """A system federation founding kept by the target."""
    if not hasattr(o, "system_founding"):
        from lvzhi.grassroots.system import services

        o.system_founding = services.system_founding_start(
            actor=_admin(),
            organization=o,
            agency=f"{o.name}所在机关",
            subordinate_units=5,
            women_committee=_committee(o),
        )
    return o.system_founding


def _start(o):
    return {
        "organization": o.pk,
        "agency": "区教育局",
        "subordinate_units": 12,
        "women_committee": _committee(o).pk,
    }


SYSTEM_ROWS = [
    page("system foundings page", lambda o: f"/grassroots/system-foundings/?org={o.pk}", VIEWERS),
    page(
        "system founding create page",
        lambda o: f"/grassroots/system-foundings/new/?org={o.pk}",
        CADRES,
    ),
    page(
        "system founding page",
        lambda o: f"/grassroots/system-foundings/{_founding(o).pk}/",
        VIEWERS,
    ),
    page(
        "system founding paper (Word) page",
        lambda o: f"/grassroots/system-foundings/{_founding(o).pk}/documents/application.docx",
        VIEWERS,
    ),
    api_read(
        "API system founding paper (Word)",
        lambda o: f"{API}/system-foundings/{_founding(o).pk}/documents/plan/",
        VIEWERS,
    ),
    page_submit(
        "system founding election page",
        lambda o: f"/grassroots/system-foundings/{_founding(o).pk}/election/",
        CADRE_WRITES,
    ),
    api_read(
        "API system founding", lambda o: f"{API}/system-foundings/{_founding(o).pk}/", VIEWERS
    ),
    api_write(
        "API system founding start",
        "POST",
        lambda o: f"{API}/system-foundings/",
        CADRE_CREATES,
        data=_start,
    ),
    api_write(
        "API system founding election",
        "POST",
        lambda o: f"{API}/system-foundings/{_founding(o).pk}/election/",
        CADRE_CREATES,
    ),
]
