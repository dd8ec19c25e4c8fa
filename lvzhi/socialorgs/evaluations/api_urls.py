"""/api/v1/socialorgs/evaluations/ (included from lvzhi/urls.py before /api/v1/socialorgs/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from lvzhi.core.api import not_found

from . import api

router = SimpleRouter()
for prefix, viewset, basename in api.ROUTES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [*router.urls, path("<path:rest>", not_found)]
