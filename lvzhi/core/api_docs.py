"""The OpenAPI schema and its Swagger page: open in development, behind a login in production.

The schema answers 401/403 to anyone without a session or an API token; the page, read in a
browser, sends an anonymous visitor to the login page.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import BasePermission


class LoginInProduction(BasePermission):
    def has_permission(self, request, view):
        if not settings.LVZHI_PRODUCTION:
            return True
        return bool(request.user and request.user.is_authenticated)


class SchemaView(SpectacularAPIView):
    permission_classes = [LoginInProduction]


class DocsView(SpectacularSwaggerView):
    @extend_schema(exclude=True)  # the HTML page is not an API operation
    def get(self, request, *args, **kwargs):
        if settings.LVZHI_PRODUCTION and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().get(request, *args, **kwargs)
