"""Reads for login accounts."""

from .models import AccountSecurity

_NOT_LOADED = object()


def must_change_password(user) -> bool:
    """No query when the caller loaded the row with the user (a token authentication's
    ``select_related("user__account_security")``); one small indexed query otherwise."""
    loaded = user._state.fields_cache.get("account_security", _NOT_LOADED)
    if loaded is not _NOT_LOADED:
        return bool(loaded is not None and loaded.must_change_password)
    return AccountSecurity.objects.filter(user=user, must_change_password=True).exists()
