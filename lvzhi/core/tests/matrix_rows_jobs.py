"""Rows of the authorization matrix for background jobs (``JOB_ROWS``).

A job is seen only by its owner, and only while its organization is in her view scope:
the rows use a job of the matrix's cadre (``m_cadre``) on the target organization, so the
cadre sees it at her organization and below (404 at the sibling and the ancestor) and
every other role gets 404. Starting an export is allowed where the version may be
downloaded; starting a compliance rebuild needs the ``change`` scope; a list export is
started only by a list page (its signed request) and a roster import only by its
confirmed preview: from /jobs/ they are refused, 400. A signed-in reader's PDF of a
catalog version is rendered by a job (the download redirects to its page)."""

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import (
    BAD,
    CHANGE_SUBTREE_REDIRECT,
    LOGIN,
    NONE,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHORIZED,
    VIEW_SUBTREE,
    Row,
    by_relation,
)

OTHERS = {"department_staff": NONE, "member": NONE, "party_approver": NONE}
CADRE_ONLY = {"cadre": VIEW_SUBTREE, **OTHERS}
OWN_REDIRECT = by_relation(REDIRECT, NOT_FOUND, NOT_FOUND, NOT_FOUND)


def cadre_job_of(o):
    """A finished export of the matrix's cadre on ``o``, with its file."""
    if getattr(o, "_job", None) is None:
        from django.contrib.auth import get_user_model
        from django.core.files.base import ContentFile

        from lvzhi.core.jobs.models import Job

        job = Job.objects.create(
            kind="catalog_export",
            owner=get_user_model().objects.get(username="m_cadre"),
            org_path=o.path,
            status="done",
            progress=100,
            filename="目录.docx",
        )
        job.file.save("upload.txt", ContentFile("导出结果".encode()), save=True)
        o._job = job
    return o._job


def export_start(o):
    from lvzhi.catalog.tests.matrix_rows import draft_of

    return {"kind": "catalog_export", "version": draft_of(o).pk, "format": "xlsx"}


EVERYONE_OK = {role: OK for role in ("cadre", "department_staff", "member", "party_approver")}

JOB_ROWS = [
    Row(
        "job list page", "GET", lambda o: reverse("jobs:list"), {**EVERYONE_OK, "anonymous": LOGIN}
    ),
    Row(
        "job page",
        "GET",
        lambda o: reverse("jobs:detail", args=[cadre_job_of(o).pk]),
        {**CADRE_ONLY, "anonymous": LOGIN},
    ),
    Row(
        "job progress block",
        "GET",
        lambda o: reverse("jobs:progress", args=[cadre_job_of(o).pk]),
        {**CADRE_ONLY, "anonymous": LOGIN},
    ),
    Row(
        "job result file",
        "GET",
        lambda o: reverse("jobs:file", args=[cadre_job_of(o).pk]),
        {**CADRE_ONLY, "anonymous": NOT_FOUND},
    ),
    Row(
        "job (API)",
        "GET",
        lambda o: f"/api/v1/core/jobs/{cadre_job_of(o).pk}/",
        {**CADRE_ONLY, "anonymous": UNAUTHORIZED},
        api=True,
    ),
    Row(
        "job result file (API)",
        "GET",
        lambda o: f"/api/v1/core/jobs/{cadre_job_of(o).pk}/file/",
        {**CADRE_ONLY, "anonymous": UNAUTHORIZED},
        api=True,
    ),
    Row(
        "start a draft catalog export",
        "POST",
        lambda o: reverse("jobs:list"),
        {
            "cadre": CHANGE_SUBTREE_REDIRECT,
            "department_staff": OWN_REDIRECT,
            "member": OWN_REDIRECT,
            "party_approver": OWN_REDIRECT,
            "anonymous": LOGIN,
        },
        data=export_start,
        writes=True,
    ),
    Row(
        "start a compliance rebuild",
        "POST",
        lambda o: reverse("jobs:list"),
        {"cadre": CHANGE_SUBTREE_REDIRECT, **OTHERS, "anonymous": LOGIN},
        data=lambda o: {"kind": "compliance_rebuild", "organization": o.pk},
        writes=True,
    ),
    Row(
        "start a list export without its page",
        "POST",
        lambda o: reverse("jobs:list"),
        {**{role: BAD for role in EVERYONE_OK}, "anonymous": LOGIN},
        data=lambda o: {"kind": "list_export", "signed": f"/orgs/people/?org={o.pk}"},
    ),
    Row(
        "start a roster import without its confirmed preview",
        "POST",
        lambda o: reverse("jobs:list"),
        {**{role: BAD for role in EVERYONE_OK}, "anonymous": LOGIN},
        data=lambda o: {"kind": "roster_import", "signed": f"roster-imports/jobs/{o.pk}/x.xlsx"},
    ),
    Row(
        "catalog PDF of a draft, rendered by a job",
        "GET",
        lambda o: _draft_pdf_url(o),
        {
            "cadre": CHANGE_SUBTREE_REDIRECT,
            "department_staff": OWN_REDIRECT,
            "member": OWN_REDIRECT,
            "party_approver": OWN_REDIRECT,
            "anonymous": NOT_FOUND,
        },
        writes=True,
    ),
]


def _draft_pdf_url(o):
    from lvzhi.catalog.tests.matrix_rows import draft_of

    return reverse("catalog:export", args=[draft_of(o).pk, "pdf"])
