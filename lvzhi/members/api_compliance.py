"""/api/v1/members/: compliance."""

ROUTES = []  # (prefix, viewset, basename) registered on the project router
api_urlpatterns = []  # extra paths under /api/v1/
