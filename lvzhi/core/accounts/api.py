"""The API's side of the forced password change: a token cannot do what the session
cannot (the session side is ``PasswordChangeRequiredMiddleware``)."""

from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import BasePermission

from .middleware import password_change_message
from .selectors import must_change_password


class PasswordChangeNotRequired(BasePermission):
    """In ``DEFAULT_PERMISSION_CLASSES``: an account that must change its password gets 403
    with a Chinese sentence until it has."""

    @property
    def message(self):
        return password_change_message()

    def has_permission(self, request, view):
        user = request.user
        if user is None or not user.is_authenticated:
            return True
        if isinstance(request.successful_authenticator, SessionAuthentication):
            return True  # the middleware has answered for the session already
        return not must_change_password(user)
