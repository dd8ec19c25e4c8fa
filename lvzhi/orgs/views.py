"""Pages for the organization tree, organizations, committees and people. Thin: reads via
selectors, writes via services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.core.selectors import current_organization

from . import selectors, services
from .forms import DepartmentForm, OrganizationForm, PersonForm, PositionForm, TermForm
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
    return render(request, "orgs/_tree_nodes.html", {"nodes": selectors.children(request.user, org)})


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
def organization_create(request, parent_pk):
    parent = selectors.get_organization(request.user, parent_pk, "create")
    form = OrganizationForm(request.POST or None, user=request.user,
                            initial={"kind": parent.kind, "region": parent.region_id})
    if request.method == "POST" and form.is_valid():
        org = _run_service(form, lambda: services.organization_create(
            actor=request.user, parent=parent, **form.cleaned_data))
        if org:
            messages.success(request, _("已新建组织 %(name)s") % {"name": org.name})
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"form": form, "title": _("新建下级组织"), "org": parent})


@login_required
def organization_edit(request, pk):
    org = selectors.get_organization(request.user, pk, "change")
    form = OrganizationForm(request.POST or None, instance=org, user=request.user)
    if request.method == "POST" and form.is_valid():
        fresh = selectors.get_organization(request.user, pk, "change")
        updated = _run_service(form, lambda: services.organization_update(
            actor=request.user, organization=fresh, **form.cleaned_data))
        if updated:
            messages.success(request, _("已保存"))
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"form": form, "title": _("修改组织信息"), "org": org})


@login_required
def department_create(request, pk):
    org = selectors.get_organization(request.user, pk, "create")
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run_service(form, lambda: services.department_create(
                actor=request.user, organization=org, **form.cleaned_data)):
            messages.success(request, _("已新建部门"))
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"form": form, "title": _("新建内设机构"), "org": org})


@login_required
def department_edit(request, pk):
    department = get_object_or_404(Department.objects.restrict(request.user, "change"), pk=pk)
    org = department.organization
    form = DepartmentForm(request.POST or None, instance=department)
    if request.method == "POST" and form.is_valid():
        fresh = Department.objects.get(pk=pk)
        if _run_service(form, lambda: services.department_update(
                actor=request.user, department=fresh, **form.cleaned_data)):
            messages.success(request, _("已保存"))
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"form": form, "title": _("修改内设机构"), "org": org,
                                              "history_obj": department})


@login_required
def term_create(request, pk):
    org = selectors.get_organization(request.user, pk, "create")
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run_service(form, lambda: services.term_create(
                actor=request.user, organization=org, **form.cleaned_data)):
            messages.success(request, _("已新建届次"))
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"form": form, "title": _("新建届次"), "org": org})


@login_required
def term_edit(request, pk):
    term = get_object_or_404(Term.objects.restrict(request.user, "change"), pk=pk)
    org = term.organization
    form = TermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        fresh = Term.objects.get(pk=pk)
        if _run_service(form, lambda: services.term_update(
                actor=request.user, term=fresh, **form.cleaned_data)):
            messages.success(request, _("已保存"))
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"form": form, "title": _("修改届次"), "org": org,
                                              "history_obj": term})


@login_required
def position_create(request, pk):
    org = selectors.get_organization(request.user, pk, "create")
    form = PositionForm(request.POST or None, user=request.user, organization=org,
                        initial={"person": request.GET.get("person")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = data.pop("person")
        if _run_service(form, lambda: services.position_create(
                actor=request.user, person=person, organization=org, **data)):
            messages.success(request, _("已任职"))
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"form": form, "title": _("新增任职"), "org": org})


@login_required
def position_edit(request, pk):
    position = get_object_or_404(
        Position.objects.restrict(request.user, "change").select_related("organization", "person"),
        pk=pk,
    )
    org = position.organization
    form = PositionForm(request.POST or None, instance=position, user=request.user,
                        organization=org)
    if request.method == "POST" and form.is_valid():
        fresh = Position.objects.select_related("organization").get(pk=pk)
        if _run_service(form, lambda: services.position_update(
                actor=request.user, position=fresh, **form.cleaned_data)):
            messages.success(request, _("已保存"))
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"form": form, "title": _("修改任职"), "org": org,
                                              "history_obj": position})


@login_required
def people_list(request):
    org = current_organization(request)
    if request.GET.get("org"):
        org = selectors.get_organization(request.user, request.GET["org"])
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.people(request.user, org, query), 50).get_page(request.GET.get("page"))
    return render(request, "orgs/people.html", {"page": page, "org": org, "query": query})


@login_required
def person_create(request, pk):
    org = selectors.get_organization(request.user, pk, "create")
    form = PersonForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        person = _run_service(form, lambda: services.person_create(
            actor=request.user, organization=org, **form.service_fields()))
        if person:
            messages.success(request, _("已登记 %(name)s") % {"name": person.name})
            return redirect("orgs:person", pk=person.pk)
    return render(request, "orgs/form.html", {"form": form, "title": _("登记人员"), "org": org,
                                              "multipart": True})


@login_required
def person_detail(request, pk):
    person = selectors.get_person(request.user, pk)
    return render(request, "orgs/person.html", {
        "person": person,
        "positions": person.positions.select_related("organization", "term"),
        "can_reveal": _can(request.user, "reveal_pii", person.organization),
        "can_change": _can(request.user, "change", person.organization),
        "id_masked": person._meta.get_field("id_number").mask(person.id_number),
        "phone_masked": person._meta.get_field("phone").mask(person.phone),
    })


@login_required
def person_edit(request, pk):
    person = selectors.get_person(request.user, pk, "change")
    form = PersonForm(request.POST or None, request.FILES or None, instance=person)
    if request.method == "POST" and form.is_valid():
        fresh = selectors.get_person(request.user, pk, "change")
        if _run_service(form, lambda: services.person_update(
                actor=request.user, person=fresh, **form.service_fields())):
            messages.success(request, _("已保存"))
            return redirect("orgs:person", pk=person.pk)
    return render(request, "orgs/form.html", {"form": form, "title": _("修改人员信息"),
                                              "org": person.organization, "multipart": True,
                                              "history_obj": person})


@login_required
@require_POST
def person_reveal(request, pk, field):
    person = selectors.get_person(request.user, pk)
    if field not in services.REVEALABLE:
        raise Http404
    value = services.person_reveal_pii(actor=request.user, person=person, field=field)
    return HttpResponse(format_html('<span class="revealed" id="{}-value">{}</span>', field, value))
