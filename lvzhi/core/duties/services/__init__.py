"""Writes of the administrators' area. Each checks the actor's duty, validates, writes and
records an AuditEvent in one transaction; the Django admin saves through them too."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from .. import rules, selectors

logger = logging.getLogger("lvzhi.duties")

SEPARATION_KEY = "三员分立"  # the flag an audit event carries when duties were combined


def require_duty(actor, action: str, message: str) -> None:
    if not selectors.holds_duty(actor, action):
        raise PermissionDenied(message)


def check_separation(user, *, roles=None, superuser: bool | None = None) -> str:
    """Refuse (production) or flag (development) an account that would hold more than one
    of the platform, system, security and audit administrators' duties. Returns the
    warning ('' when within the rule)."""
    duties = rules.combined(selectors.account_duties(user, roles=roles, superuser=superuser))
    if not duties:
        return ""
    message = _("等保 2.0 三员分立：同一账号不能同时担任%(duties)s。") % {
        "duties": rules.labels(duties)
    }
    if settings.LVZHI_ENFORCE_SEPARATION:
        raise ValidationError(message)
    logger.warning("separation of duties: %s holds %s", user.get_username(), ",".join(duties))
    return message
