"""The security administrator's page: role assignments listed, added and ended. Open to
holders of ``manage_roles`` (安全管理员; the platform admin and a superuser only in
development: ``selectors.holds_duty``); others get 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.forms import errors_to_form, joined_messages
from lvzhi.core.models import RoleAssignment

from . import selectors
from .forms import RoleAssignmentForm
from .services.assignments import role_assignment_create, role_assignment_delete

PAGE_SIZE = 50


def _require_security_admin(request):
    if not selectors.holds_duty(request.user, "manage_roles"):
        raise Http404(_("页面不存在"))


@login_required
def role_assignments(request):
    _require_security_admin(request)
    form = RoleAssignmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                assignment = role_assignment_create(
                    actor=request.user,
                    user=data["username"],
                    role=data["role"],
                    organization=data["organization"],
                    include_descendants=data["include_descendants"],
                    department=data["department"],
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("已分配：%(what)s") % {"what": assignment})
                if assignment.separation_warning:
                    messages.warning(request, assignment.separation_warning)
                return redirect("core:role-assignments")
        status = 400
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.role_assignments(user_query=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "core/duties/role_assignments.html",
        {
            "form": form,
            "page": page,
            "q": query,
            "query": urlencode({"q": query}) if query else "",
            "conflicts": selectors.separation_conflicts(),
        },
        status=status,
    )


@login_required
@require_POST
def role_assignment_end(request, pk):
    _require_security_admin(request)
    assignment = get_object_or_404(RoleAssignment.objects.select_related("user", "role"), pk=pk)
    try:
        role_assignment_delete(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        messages.error(request, joined_messages(exc))
    else:
        messages.success(request, _("已撤销：%(what)s") % {"what": assignment})
    return redirect("core:role-assignments")
