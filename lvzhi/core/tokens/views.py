"""/account/tokens/: a user's API tokens (create, the key shown once; revoke); and, for a
platform administrator, every user's tokens (``all/``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.forms import errors_to_form, joined_messages
from lvzhi.core.tokens import rules, selectors, services
from lvzhi.core.tokens.forms import TokenCreateForm


def _with_state(tokens):
    now = timezone.now()
    tokens = list(tokens)
    for token in tokens:
        token.state = rules.state(now=now, expires_at=token.expires_at, revoked_at=token.revoked_at)
    return tokens


@login_required
def token_list(request):
    """GET lists her tokens; POST creates one and shows its key on this answer only (it
    is never stored, so there is no redirect that could show it again)."""
    new_key = None
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = services.api_token_create(
                actor=request.user,
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            form = TokenCreateForm()
            messages.success(request, _("已创建令牌“%(name)s”。") % {"name": token.name})
    return render(
        request,
        "core/tokens/list.html",
        {
            "tokens": _with_state(selectors.own_tokens(request.user)),
            "form": form,
            "new_key": new_key,
            "is_platform_admin": selectors.is_platform_admin(request.user),
        },
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = selectors.token_to_revoke(request.user, pk)
    try:
        services.api_token_revoke(actor=request.user, token=token)
    except ValidationError as exc:
        messages.error(request, joined_messages(exc))
    else:
        messages.success(request, _("已撤销令牌“%(name)s”。") % {"name": token.name})
    if request.POST.get("from") == "all" and selectors.is_platform_admin(request.user):
        return redirect("tokens:all")
    return redirect("tokens:list")


@login_required
def token_all(request):
    """Every user's tokens, for platform administrators (404 for everyone else)."""
    if not selectors.is_platform_admin(request.user):
        raise Http404(_("页面不存在"))
    username = request.GET.get("user", "").strip()[:150]
    tokens = selectors.all_tokens(request.user, username=username)[:500]
    return render(
        request, "core/tokens/all.html", {"tokens": _with_state(tokens), "username": username}
    )
