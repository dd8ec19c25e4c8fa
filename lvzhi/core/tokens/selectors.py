"""Reads of API tokens: a user sees her own; a platform administrator sees everyone's."""

from django.http import Http404
from django.utils.translation import gettext as _

from lvzhi.core.duties.selectors import holds_duty
from lvzhi.core.models import Action
from lvzhi.core.tokens.models import ApiToken


def is_platform_admin(user) -> bool:
    """Those who manage accounts (三员分立: the system administrator; the platform
    administrator and superusers hold every duty) see and revoke anyone's tokens."""
    return holds_duty(user, Action.MANAGE_ACCOUNTS)


def own_tokens(user):
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).select_related("revoked_by")


def all_tokens(user, *, username: str = ""):
    """Every user's tokens, for a platform administrator only (nobody else: empty)."""
    if not is_platform_admin(user):
        return ApiToken.objects.none()
    tokens = ApiToken.objects.select_related("user", "revoked_by")
    if username:
        tokens = tokens.filter(user__username__icontains=username)
    return tokens


def token_to_revoke(user, pk) -> ApiToken:
    """A token the user may revoke: her own, or any for a platform administrator; 404
    for another user's token (its existence is not disclosed)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = 0
    tokens = all_tokens(user) if is_platform_admin(user) else own_tokens(user)
    token = tokens.filter(pk=pk).first() if 0 < pk < 2**63 else None
    if token is None:
        raise Http404(_("令牌不存在或不属于您"))
    return token
