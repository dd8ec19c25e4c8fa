"""Writes of API tokens: create (the key returned once, only its hash stored) and revoke.
Both record an audit event in the same transaction, never with the key or its hash."""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.services import audit
from lvzhi.core.tokens import rules
from lvzhi.core.tokens.models import ApiToken
from lvzhi.core.tokens.selectors import is_platform_admin


def _check_actor(actor, user) -> None:
    """The owner, a platform administrator, or the system (``actor=None``: the CLI)."""
    if actor is None or actor.pk == user.pk or is_platform_admin(actor):
        return
    raise PermissionDenied(_("您不能管理其他用户的令牌"))


def _summary(token: ApiToken) -> dict:
    return {
        "user": token.user.get_username(),
        "name": token.name,
        "prefix": token.prefix,
        "expires_at": token.expires_at.isoformat(),
    }


def api_token_create(
    *,
    actor,
    user,
    name: str,
    days: int | None = None,
    now: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``user`` valid ``days`` days (``LVZHI_API_TOKEN_DAYS`` when not
    given). Returns the token and its key: the only time the key exists in clear."""
    _check_actor(actor, user)
    name = (name or "").strip()
    days = settings.LVZHI_API_TOKEN_DAYS if days is None else days
    errors = {}
    if not name:
        errors["name"] = _("请填写令牌用途，例如“数据同步脚本”。")
    elif len(name) > 100:
        errors["name"] = _("令牌用途不能超过 100 个字。")
    if not isinstance(days, int) or not rules.valid_days(days):
        errors["days"] = _("有效天数须为 1 到 %(max)d 之间的整数。") % {"max": rules.MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    if not user.is_active:
        raise ValidationError(_("账号已停用，不能申请令牌。"))
    now = now or timezone.now()
    key = secrets.token_hex(20)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            created_at=now,
            prefix=rules.key_prefix(key),
            key_hash=rules.key_hash(key),
            expires_at=rules.expiry(now=now, days=days),
        )
        audit(
            actor=actor,
            action="api_token_create",
            obj=token,
            changes={field: [None, value] for field, value in _summary(token).items()},
        )
    return token, key


def api_token_revoke(*, actor, token: ApiToken, now: dt.datetime | None = None) -> ApiToken:
    """Revoke at once: the next request with the key answers 401. Revoking twice is an
    error (the first revocation and its author stay)."""
    _check_actor(actor, token.user)
    now = now or timezone.now()
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=actor
        )
        if not revoked:
            raise ValidationError(_("该令牌已经撤销。"))
        token.revoked_at, token.revoked_by = now, actor
        audit(
            actor=actor,
            action="api_token_revoke",
            obj=token,
            changes={
                **{k: [v, v] for k, v in _summary(token).items() if k != "expires_at"},
                "revoked_at": [None, now.isoformat()],
            },
        )
    return token
