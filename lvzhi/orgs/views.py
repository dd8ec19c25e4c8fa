"""Pages for the organization tree, organizations, committees and people. Thin: reads via
selectors, writes via services. The create and edit pages are in ``views_forms``."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lvzhi.core import files
from lvzhi.core.exports import wants_xlsx, xlsx_response
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.core.selectors import current_organization

from . import selectors, services
from .forms import RevealForm
from .list_exports import PEOPLE_COLUMNS
from .views_forms import reveal_page


def _can(user, action, org) -> bool:
    return scope_for(user, action).covers(org.path)


@login_required
def tree(request):
    return render(request, "orgs/tree.html", {"roots": selectors.tree_roots(request.user)})


@login_required
def tree_children(request, pk):
    org = selectors.get_organization(request.user, pk)
    return render(
        request, "orgs/_tree_nodes.html", {"nodes": selectors.children(request.user, org)}
    )


@login_required
def tree_search(request):
    query = request.GET.get("q", "").strip()
    results = selectors.search_organizations(request.user, query) if query else []
    return render(request, "orgs/_search_results.html", {"results": results, "query": query})


@login_required
def organization_detail(request, pk):
    org = selectors.get_organization(request.user, pk)
    today = today_local()
    context = selectors.organization_overview(request.user, org, today)
    context.update(
        org=org,
        today=today,
        can_change=_can(request.user, "change", org),
        can_create=_can(request.user, "create", org),
    )
    return render(request, "orgs/detail.html", context)


@login_required
def people_list(request):
    org = current_organization(request)
    if request.GET.get("org"):
        org = selectors.get_organization(request.user, request.GET["org"])
    query = request.GET.get("q", "").strip()
    people = selectors.people(request.user, org, query)
    if wants_xlsx(request):
        return xlsx_response(people, PEOPLE_COLUMNS, filename=_("人员"))
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "orgs/people.html", {"page": page, "org": org, "query": query})


@login_required
def person_detail(request, pk):
    person = selectors.get_person(request.user, pk)
    return render(
        request,
        "orgs/person.html",
        {
            "person": person,
            "positions": person.positions.select_related("organization", "term"),
            "can_reveal": _can(request.user, "reveal_pii", person.organization),
            "can_change": _can(request.user, "change", person.organization),
            "id_masked": person._meta.get_field("id_number").mask(person.id_number),
            "phone_masked": person._meta.get_field("phone").mask(person.phone),
            "birth_year": person._meta.get_field("birth_date").mask(person.birth_date),
        },
    )


@files.file_view
def person_photo(request, pk):
    """A person's photo, for whoever may open the person's page (404 otherwise)."""
    person = selectors.get_person(files.viewer(request), pk)
    return files.serve(person.photo, filename=f"photo-{person.pk}", max_age=0)


@login_required
@require_http_methods(["GET", "POST"])
def person_reveal(request, pk, field):
    """One PII field in full, for whoever may reveal PII at the person's organization (404
    otherwise), after she gives a reason; the reason goes into the audit event."""
    person = selectors.get_person(request.user, pk)
    if field not in services.REVEALABLE or not _can(
        request.user, "reveal_pii", person.organization
    ):
        raise Http404
    return reveal_page(
        request,
        RevealForm,
        "orgs/person_reveal.html",
        {"person": person, "field": field, "label": _(services.REVEALABLE[field])},
        lambda reason: services.person_reveal_pii(
            actor=request.user, person=person, field=field, reason=reason
        ),
    )
