"""Authorization matrix rows of social projects: the federation's pages and API, the
document download, the organization user's own pages and endpoints, and the public pages.

Each target federation gets, the first time a row asks, a published batch and a draft at
it, an organization filed at it (``matrix_rows_socialorgs.organization_of``) with an
application to the batch and its plan, and an organization account — written with the
ORM (no audit). Batches and applications are read like the federation (``VIEWERS``);
writes need the cadre's scope; the organization user's own pages answer 404 to every
federation role (she is tested against them in ``test_projects_outside_role.py``); the
public pages answer everyone."""

import datetime as dt

from django.urls import reverse

from lvzhi.core.tests.matrix import (
    BAD,
    CADRE_WRITES,
    CADRES,
    NOT_FOUND,
    OK,
    REFUSED_SUBTREE,
    VIEWERS,
    api_read,
    api_write,
    by_relation,
    cadres,
    everyone,
    page,
    page_submit,
    readers,
    signed_in,
)

from .matrix_rows_socialorgs import organization_of

API = "/api/v1/socialorgs/projects"
DEADLINE = dt.date(2099, 12, 31)  # the matrix runs on today's date
OK_SUBTREE = by_relation(OK, NOT_FOUND, NOT_FOUND, OK)


def _batch(o, published):
    from lvzhi.socialorgs.projects.models import ProjectBatch

    return ProjectBatch.objects.create(
        federation=o,
        org_path=o.path,
        title=f"{o.code}项目批次" if published else f"{o.code}项目草稿",
        content="关爱服务",
        budget="100000",
        deadline=DEADLINE,
        year=2026,
        published=published,
        published_on=dt.date(2026, 11, 1) if published else None,
    )


def batch_of(o):
    if getattr(o, "_project_batch", None) is None:
        o._project_batch = _batch(o, True)
    return o._project_batch


def draft_of(o):
    if getattr(o, "_project_draft", None) is None:
        o._project_draft = _batch(o, False)
    return o._project_draft


def application_of(o):
    if getattr(o, "_project_application", None) is None:
        import uuid

        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage
        from django.utils import timezone

        from lvzhi.socialorgs.projects.models import ProjectApplication, ProjectDocument

        o._project_application = ProjectApplication.objects.create(
            batch=batch_of(o),
            organization=organization_of(o),
            org_path=o.path,
            title=f"{o.code}申报项目",
            budget="20000",
            submitted_at=timezone.now(),
        )
        name = default_storage.save(
            f"socialprojects/2026/{uuid.uuid4().hex}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n")
        )
        o._project_document = ProjectDocument.objects.create(
            application=o._project_application,
            org_path=o.path,
            kind="plan",
            file=name,
            original_name="方案.pdf",
            size=15,
        )
    return o._project_application


def document_of(o):
    application_of(o)
    return o._project_document


def account_of(o):
    if getattr(o, "_project_account", None) is None:
        from django.contrib.auth import get_user_model

        from lvzhi.socialorgs.projects.models import OrganizationAccount

        user = get_user_model().objects.create_user(username=f"org_{o.code}")
        o._project_account = OrganizationAccount.objects.create(
            user=user, organization=organization_of(o), org_path=o.path
        )
    return o._project_account


def _url(name, of):
    return lambda o: reverse(f"socialorg_projects:{name}", args=[of(o).pk])


def _page(name, *args, **kwargs):
    return page(f"socialorg projects {name}", *args, **kwargs)


def _submit(name, *args, **kwargs):
    return page_submit(f"socialorg projects {name}", *args, **kwargs)


def _api_read(name, *args, **kwargs):
    return api_read(f"socialorg projects api {name}", *args, **kwargs)


def _api_write(name, *args, **kwargs):
    return api_write(f"socialorg projects api {name}", *args, **kwargs)


def batch_form(o) -> dict:
    return {
        "title": "矩阵项目批次",
        "content": "服务内容",
        "budget": "50000",
        "eligibility": "本级备案组织",
        "deadline": "2099-12-01",
    }


PROJECTS_ROWS = [
    _page(
        "batches",
        lambda o: reverse("socialorg_projects:batches") + f"?org={o.pk}",
        VIEWERS,
    ),
    _page(
        "batch create page",
        lambda o: reverse("socialorg_projects:batch-create") + f"?org={o.pk}",
        CADRES,
    ),
    _submit(
        "batch create",
        lambda o: reverse("socialorg_projects:batch-create") + f"?org={o.pk}",
        CADRE_WRITES,
        data=batch_form,
    ),
    _page("batch", _url("batch", batch_of), VIEWERS),
    _page("batch edit page", _url("batch-edit", batch_of), CADRES),
    _submit("batch edit", _url("batch-edit", batch_of), CADRE_WRITES, data=batch_form),
    _submit("batch publish", _url("batch-publish", draft_of), CADRE_WRITES),
    _page("application", _url("application", application_of), VIEWERS),
    _submit("application accept", _url("application-accept", application_of), CADRE_WRITES),
    _page("document", _url("document", document_of), readers(anonymous=NOT_FOUND)),
    _page("accounts", _url("accounts", organization_of), VIEWERS),
    _submit(
        "account create",
        _url("accounts", organization_of),
        CADRE_WRITES,
        data=lambda o: {"username": f"new_{o.code}", "password": "Zuzhi-Shenbao-2026!"},
    ),
    _page("my portal", lambda o: reverse("socialorg_projects:my"), signed_in(NOT_FOUND)),
    _page("my apply page", _url("my-apply", batch_of), signed_in(NOT_FOUND)),
    _page("my application", _url("my-application", application_of), signed_in(NOT_FOUND)),
    _submit(
        "my withdraw",
        _url("my-withdraw", application_of),
        signed_in(NOT_FOUND),
        writes=False,
    ),
    _submit(
        "my resubmit",
        _url("my-resubmit", application_of),
        signed_in(NOT_FOUND),
        data=lambda o: {"budget": "15000", "summary": "修改后"},
        writes=False,
    ),
    _page("public list", lambda o: reverse("socialorg_projects:public-list"), everyone(OK)),
    _page("public batch", _url("public-detail", batch_of), everyone(OK)),
    _page("public draft", _url("public-detail", draft_of), everyone(NOT_FOUND)),
    _api_read("batches", lambda o: f"{API}/batches/", signed_in(OK)),
    _api_read("batch", lambda o: f"{API}/batches/{batch_of(o).pk}/", VIEWERS),
    _api_write(
        "batch create",
        "POST",
        lambda o: f"{API}/batches/",
        cadres(by_relation(201, NOT_FOUND, NOT_FOUND, 201)),
        data=lambda o: {**batch_form(o), "federation": o.pk},
    ),
    _api_write(
        "batch update",
        "PATCH",
        lambda o: f"{API}/batches/{batch_of(o).pk}/",
        cadres(OK_SUBTREE),
        data=lambda o: {"title": "改名后的批次"},
    ),
    _api_write(
        "batch publish",
        "POST",
        lambda o: f"{API}/batches/{draft_of(o).pk}/publish/",
        cadres(OK_SUBTREE),
    ),
    _api_read("applications", lambda o: f"{API}/applications/", signed_in(OK)),
    _api_read("application", lambda o: f"{API}/applications/{application_of(o).pk}/", VIEWERS),
    _api_write(
        "application accept",
        "POST",
        lambda o: f"{API}/applications/{application_of(o).pk}/accept/",
        cadres(OK_SUBTREE),
    ),
    # 退回修改 only at 审核: the matrix's application is not accepted yet, so whoever reads
    # it is refused (400) and nothing is written; out of her reach, 404
    _api_write(
        "application return",
        "POST",
        lambda o: f"{API}/applications/{application_of(o).pk}/return/",
        readers(REFUSED_SUBTREE, own=by_relation(BAD, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
        data=lambda o: {"reason": "请补充服务对象名单"},
    ),
    _api_read("accounts", lambda o: f"{API}/accounts/", signed_in(OK)),
    _api_read("account", lambda o: f"{API}/accounts/{account_of(o).pk}/", VIEWERS),
    _api_write(
        "account create",
        "POST",
        lambda o: f"{API}/accounts/",
        cadres(by_relation(201, NOT_FOUND, NOT_FOUND, 201)),
        data=lambda o: {
            "organization": organization_of(o).pk,
            "username": f"api_{o.code}",
            "password": "Zuzhi-Shenbao-2026!",
        },
    ),
    _api_read("my batches", lambda o: f"{API}/my/batches/", signed_in(OK)),
    _api_read(
        "my application",
        lambda o: f"{API}/my/applications/{application_of(o).pk}/",
        signed_in(NOT_FOUND),
    ),
    _api_write(
        "my withdraw",
        "POST",
        lambda o: f"{API}/my/applications/{application_of(o).pk}/withdraw/",
        signed_in(NOT_FOUND),
        writes=False,
    ),
    _api_write(
        "my resubmit",
        "POST",
        lambda o: f"{API}/my/applications/{application_of(o).pk}/resubmit/",
        signed_in(NOT_FOUND),
        data=lambda o: {"budget": "15000"},
        writes=False,
    ),
    _api_read("public batches", lambda o: f"{API}/public/", everyone(OK)),
    _api_read("public batch", lambda o: f"{API}/public/{batch_of(o).pk}/", everyone(OK)),
]
