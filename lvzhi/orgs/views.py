"""Pages for the organization tree, organizations, committees and people. Thin: reads via
selectors, writes via services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lvzhi.core import files
from lvzhi.core.exports import wants_xlsx, xlsx_response
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.core.selectors import current_organization

from . import selectors, services
from .forms import (
    DepartmentForm,
    OrganizationForm,
    PersonForm,
    PositionForm,
    RevealForm,
    TermForm,
)
from .list_exports import PEOPLE_COLUMNS
from .models import Department, Position, Term


def _run_service(form, call):
    """Run a service; put its ValidationError messages on the form. Returns the result or
    None when the service refused."""
    try:
        return call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return None


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


def _form_page(request, form, *, title, org, save, done, success=None, **context):
    """The shared create/edit flow: validate the form, run the service, redirect to
    ``done(result)`` on success, else show the form with the service's messages."""
    if request.method == "POST" and form.is_valid():
        result = _run_service(form, lambda: save(dict(form.cleaned_data)))
        if result is not None:
            messages.success(request, success or _("已保存"))
            return redirect(done(result))
    return render(request, "orgs/form.html", {"form": form, "title": title, "org": org, **context})


def _to_org(org):
    return lambda _result: reverse("orgs:detail", args=[org.pk])


@login_required
def organization_create(request, parent_pk):
    parent = selectors.get_organization(request.user, parent_pk, "create")
    form = OrganizationForm(
        request.POST or None,
        user=request.user,
        initial={"kind": parent.kind, "region": parent.region_id},
    )
    return _form_page(
        request,
        form,
        title=_("新建下级组织"),
        org=parent,
        success=_("已新建组织"),
        save=lambda data: services.organization_create(actor=request.user, parent=parent, **data),
        done=lambda org: reverse("orgs:detail", args=[org.pk]),
    )


@login_required
def organization_edit(request, pk):
    org = selectors.get_organization(request.user, pk, "change")
    form = OrganizationForm(request.POST or None, instance=org, user=request.user)
    fresh = selectors.get_organization(request.user, pk, "change")
    return _form_page(
        request,
        form,
        title=_("修改组织信息"),
        org=org,
        history_obj=fresh,
        save=lambda data: services.organization_update(
            actor=request.user, organization=fresh, **data
        ),
        done=_to_org(org),
    )


@login_required
def department_create(request, pk):
    org = selectors.get_organization(request.user, pk, "create")
    return _form_page(
        request,
        DepartmentForm(request.POST or None),
        title=_("新建内设机构"),
        org=org,
        success=_("已新建部门"),
        save=lambda data: services.department_create(actor=request.user, organization=org, **data),
        done=_to_org(org),
    )


@login_required
def department_edit(request, pk):
    department = get_object_or_404(Department.objects.restrict(request.user, "change"), pk=pk)
    fresh = Department.objects.select_related("organization").get(pk=pk)
    return _form_page(
        request,
        DepartmentForm(request.POST or None, instance=department),
        title=_("修改内设机构"),
        org=fresh.organization,
        history_obj=fresh,
        save=lambda data: services.department_update(actor=request.user, department=fresh, **data),
        done=_to_org(fresh.organization),
    )


@login_required
def term_create(request, pk):
    org = selectors.get_organization(request.user, pk, "create")
    return _form_page(
        request,
        TermForm(request.POST or None),
        title=_("新建届次"),
        org=org,
        success=_("已新建届次"),
        save=lambda data: services.term_create(actor=request.user, organization=org, **data),
        done=_to_org(org),
    )


@login_required
def term_edit(request, pk):
    term = get_object_or_404(Term.objects.restrict(request.user, "change"), pk=pk)
    fresh = Term.objects.select_related("organization").get(pk=pk)
    return _form_page(
        request,
        TermForm(request.POST or None, instance=term),
        title=_("修改届次"),
        org=fresh.organization,
        history_obj=fresh,
        save=lambda data: services.term_update(actor=request.user, term=fresh, **data),
        done=_to_org(fresh.organization),
    )


@login_required
def position_create(request, pk):
    org = selectors.get_organization(request.user, pk, "create")
    form = PositionForm(
        request.POST or None,
        user=request.user,
        organization=org,
        initial={"person": request.GET.get("person")},
    )

    def save(data):
        person = data.pop("person")
        return services.position_create(actor=request.user, person=person, organization=org, **data)

    return _form_page(
        request,
        form,
        title=_("新增任职"),
        org=org,
        success=_("已任职"),
        save=save,
        done=_to_org(org),
    )


@login_required
def position_edit(request, pk):
    position = get_object_or_404(
        Position.objects.restrict(request.user, "change").select_related("organization", "person"),
        pk=pk,
    )
    fresh = Position.objects.select_related("organization").get(pk=pk)
    form = PositionForm(
        request.POST or None,
        instance=position,
        user=request.user,
        organization=position.organization,
    )
    return _form_page(
        request,
        form,
        title=_("修改任职"),
        org=position.organization,
        history_obj=fresh,
        save=lambda data: services.position_update(actor=request.user, position=fresh, **data),
        done=_to_org(position.organization),
    )


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
def person_create(request, pk):
    org = selectors.get_organization(request.user, pk, "create")
    form = PersonForm(request.POST or None, request.FILES or None)
    return _form_page(
        request,
        form,
        title=_("登记人员"),
        org=org,
        multipart=True,
        success=_("已登记"),
        save=lambda _data: services.person_create(
            actor=request.user, organization=org, **form.service_fields()
        ),
        done=lambda person: reverse("orgs:person", args=[person.pk]),
    )


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
def person_edit(request, pk):
    person = selectors.get_person(request.user, pk, "change")
    fresh = selectors.get_person(request.user, pk, "change")
    form = PersonForm(request.POST or None, request.FILES or None, instance=person)
    return _form_page(
        request,
        form,
        title=_("修改人员信息"),
        org=fresh.organization,
        multipart=True,
        history_obj=fresh,
        save=lambda _data: services.person_update(
            actor=request.user, person=fresh, **form.service_fields()
        ),
        done=lambda updated: reverse("orgs:person", args=[updated.pk]),
    )


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
    form = RevealForm(request.POST or None)
    value = None
    if form.is_valid():
        value = _run_service(
            form,
            lambda: services.person_reveal_pii(
                actor=request.user, person=person, field=field, reason=form.cleaned_data["reason"]
            ),
        )
    response = render(
        request,
        "orgs/person_reveal.html",
        {
            "person": person,
            "field": field,
            "label": _(services.REVEALABLE[field]),
            "form": form,
            "value": value,
        },
        status=400 if form.is_bound and value is None else 200,
    )
    response["Cache-Control"] = "no-store"
    return response
