"""One create page and one edit page for the simple org objects (organization, department,
term, position, person), each a ``FormPage`` naming its form, its service and its words;
and the PII ``reveal_page``, which the ledger's pages use too.

Create pages hang under an organization the user may ``create`` at; edit pages load the
object through the user's ``change`` scope (404 otherwise). Both validate the form, call
the service with ``actor`` first and show its ValidationError messages on the form, then
redirect with a message; the form is ``orgs/form.html``."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import run_service

from . import selectors, services
from .forms import DepartmentForm, OrganizationForm, PersonForm, PositionForm, TermForm
from .models import Department, Organization, Position, Term


def reveal_page(request, form_class, template: str, context: dict, reveal: Callable):
    """The page showing one PII field in full once a reason is given: ``reveal(reason)`` is
    the audited service. 400 while the reason is missing or refused; never cached."""
    form = form_class(request.POST or None)
    value = None
    if form.is_valid():
        value = run_service(form, lambda: reveal(form.cleaned_data["reason"]))
    response = render(
        request,
        template,
        {**context, "form": form, "value": value},
        status=400 if form.is_bound and value is None else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


def _no_kwargs(request, org, instance):
    return {}


def _org_page(result, org):
    return reverse("orgs:detail", args=[org.pk])


@dataclass(frozen=True)
class FormPage:
    form: type
    service: Callable  # services.<model>_create / _update, called with actor first
    title: str
    success: str = _("已保存")
    multipart: bool = False
    form_kwargs: Callable = _no_kwargs  # (request, org, instance or None) -> dict
    done: Callable = _org_page  # (result, org) -> url

    def respond(self, request, org, call, instance=None, history_obj=None):
        form = self.form(
            request.POST or None,
            request.FILES or None,
            **({"instance": instance} if instance is not None else {}),
            **self.form_kwargs(request, org, instance),
        )
        if request.method == "POST" and form.is_valid():
            data = form.service_fields() if hasattr(form, "service_fields") else form.cleaned_data
            result = run_service(form, lambda: call(dict(data)))
            if result is not None:
                messages.success(request, self.success)
                return redirect(self.done(result, org))
        context = {"form": form, "title": self.title, "org": org, "history_obj": history_obj}
        return render(request, "orgs/form.html", {**context, "multipart": self.multipart})


def create_view(page: FormPage, parent: str = "organization", url_kwarg: str = "pk"):
    """The page creating ``page``'s object under the organization named by the URL's
    ``url_kwarg`` (passed to the service as ``parent``)."""

    @login_required
    def view(request, **kwargs):
        org = selectors.get_organization(request.user, kwargs[url_kwarg], "create")
        return page.respond(
            request, org, lambda data: page.service(actor=request.user, **{parent: org}, **data)
        )

    return view


def edit_view(page: FormPage, load: Callable, name: str):
    """The page editing the object ``load(user, pk)`` finds in the user's change scope
    (passed to the service as ``name``). The form works on one copy, the service on a
    fresh one."""

    @login_required
    def view(request, pk):
        instance = load(request.user, pk)
        fresh = load(request.user, pk)
        org = fresh if isinstance(fresh, Organization) else fresh.organization
        return page.respond(
            request,
            org,
            lambda data: page.service(actor=request.user, **{name: fresh}, **data),
            instance=instance,
            history_obj=fresh,
        )

    return view


def _in_change_scope(model, *related):
    def load(user, pk):
        return get_object_or_404(
            model.objects.restrict(user, "change").select_related("organization", *related), pk=pk
        )

    return load


def _organization_form(request, org, instance):
    initial = {} if instance else {"initial": {"kind": org.kind, "region": org.region_id}}
    return {"user": request.user, **initial}


def _position_form(request, org, instance):
    initial = {} if instance else {"initial": {"person": request.GET.get("person")}}
    return {"user": request.user, "organization": org, **initial}


def _person_page(person, org):
    return reverse("orgs:person", args=[person.pk])


organization_create = create_view(
    FormPage(
        OrganizationForm,
        services.organization_create,
        _("新建下级组织"),
        success=_("已新建组织"),
        form_kwargs=_organization_form,
        done=lambda created, parent: reverse("orgs:detail", args=[created.pk]),
    ),
    parent="parent",
    url_kwarg="parent_pk",
)
organization_edit = edit_view(
    FormPage(
        OrganizationForm,
        services.organization_update,
        _("修改组织信息"),
        form_kwargs=_organization_form,
    ),
    lambda user, pk: selectors.get_organization(user, pk, "change"),
    "organization",
)
department_create = create_view(
    FormPage(DepartmentForm, services.department_create, _("新建内设机构"), _("已新建部门"))
)
department_edit = edit_view(
    FormPage(DepartmentForm, services.department_update, _("修改内设机构")),
    _in_change_scope(Department),
    "department",
)
term_create = create_view(FormPage(TermForm, services.term_create, _("新建届次"), _("已新建届次")))
term_edit = edit_view(
    FormPage(TermForm, services.term_update, _("修改届次")), _in_change_scope(Term), "term"
)
position_create = create_view(
    FormPage(
        PositionForm,
        services.position_create,
        _("新增任职"),
        _("已任职"),
        form_kwargs=_position_form,
    )
)
position_edit = edit_view(
    FormPage(PositionForm, services.position_update, _("修改任职"), form_kwargs=_position_form),
    _in_change_scope(Position, "person"),
    "position",
)
person_create = create_view(
    FormPage(
        PersonForm,
        services.person_create,
        _("登记人员"),
        _("已登记"),
        multipart=True,
        done=_person_page,
    )
)
person_edit = edit_view(
    FormPage(
        PersonForm, services.person_update, _("修改人员信息"), multipart=True, done=_person_page
    ),
    lambda user, pk: selectors.get_person(user, pk, "change"),
    "person",
)
