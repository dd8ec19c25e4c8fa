"""The password-change page (/account/password/), the one page open while a change is due."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import selectors, services
from .forms import PasswordChangeForm
from .middleware import SESSION_PASSWORD_OK


@login_required
def password_change_view(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                actor=request.user,
                user=request.user,
                new_password=form.cleaned_data["new_password1"],
            )
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            update_session_auth_hash(request, request.user)
            request.session[SESSION_PASSWORD_OK] = True
            messages.success(request, _("口令已修改。"))
            return redirect("home")
    return render(
        request,
        "core/password_change.html",
        {
            "form": form,
            "forced": selectors.must_change_password(request.user),
            "help_texts": form.help_texts(),
        },
    )
