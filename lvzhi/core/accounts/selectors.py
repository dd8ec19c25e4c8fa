"""Reads for login accounts."""

from .models import AccountSecurity


def must_change_password(user) -> bool:
    return AccountSecurity.objects.filter(user=user, must_change_password=True).exists()
