"""The session's user, read with what every page asks of her in the same query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserWithProfileBackend(ModelBackend):
    """Django's ``ModelBackend`` whose ``get_user`` (once per request, from the session)
    joins her person record (the navbar's "我的履职", a member's pages) and her account
    security row (the forced password change): one query instead of up to three."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("person", "account_security")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
