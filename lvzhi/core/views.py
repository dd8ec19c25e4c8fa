"""Login, logout, the organization switcher and home. (Object history names its actors
through orgs' people, so it lives in lvzhi.orgs.views_history.)"""

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.models import organization_model
from lvzhi.core.selectors import SESSION_ORG_KEY


class ThrottledLoginView(LoginView):
    """The platform's login page. Failures are counted by django-axes (per account and per
    client address, in the shared cache; see ``lvzhi.core.accounts.lockout``), which also
    answers a locked-out attempt with 429 on this same page."""

    template_name = "core/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request):
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
def home(request):
    """The page after login: the workbench of the dashboards app (per role)."""
    return redirect("dashboards:workbench")


@login_required
@require_POST
def switch_organization(request):
    org = (
        organization_model()
        .objects.restrict(request.user, "view")
        .filter(pk=request.POST.get("organization") or 0)
        .first()
    )
    if org is None:
        raise Http404(_("组织不存在或不在您的管理范围内"))
    request.session[SESSION_ORG_KEY] = org.pk
    messages.success(request, _("已切换到 %(name)s") % {"name": org.name})
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "orgs:detail", **({} if target else {"pk": org.pk}))


def field_labels(object_type: str) -> dict[str, str]:
    """Field name → its verbose name, so the history reads 工作单位及职务, not workplace."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return {}
    return {f.name: str(getattr(f, "verbose_name", f.name)) for f in model._meta.get_fields()}
