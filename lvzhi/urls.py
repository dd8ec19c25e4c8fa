from django.contrib import admin
from django.urls import include, path

from lvzhi.catalog import urls as catalog_urls
from lvzhi.core import api_docs, operations
from lvzhi.core import views as core_views
from lvzhi.core.accounts.views import password_change_view
from lvzhi.orgs import views_history
from lvzhi.processes import views_catalog

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", core_views.ThrottledLoginView.as_view(), name="login"),
    path("logout/", core_views.logout_view, name="logout"),
    path("account/password/", password_change_view, name="account-password"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("switch-org/", core_views.switch_organization, name="switch-org"),
    path("account/tokens/", include("lvzhi.core.tokens.urls")),
    path("account/2fa/", include("lvzhi.core.twofactor.urls")),
    path("jobs/", include("lvzhi.core.jobs.urls")),
    path("history/<str:object_type>/<str:object_id>/", views_history.history, name="history"),
    path("core/", include("lvzhi.core.urls")),
    path("orgs/", include("lvzhi.orgs.urls")),
    path("orgs/import/", include("lvzhi.orgs.urls_import")),
    # The catalog's pages, with those that show or start process work (processes' views:
    # catalog never imports processes), under one "catalog" namespace.
    path(
        "catalog/",
        include((catalog_urls.urlpatterns + views_catalog.urlpatterns, catalog_urls.app_name)),
    ),
    path("processes/", include("lvzhi.processes.urls")),
    path("members/", include("lvzhi.members.urls")),
    path("ledger/", include("lvzhi.ledger.urls")),
    path("grassroots/", include("lvzhi.grassroots.urls")),
    path("homes/", include("lvzhi.homes.urls")),
    path("socialorgs/projects/", include("lvzhi.socialorgs.projects.urls")),
    path("socialorgs/complaints/", include("lvzhi.socialorgs.complaints.urls")),
    path("socialorgs/evaluations/", include("lvzhi.socialorgs.evaluations.urls")),
    path("socialorgs/", include("lvzhi.socialorgs.urls")),
    path("workbench/", include("lvzhi.dashboards.urls")),
    path("api/v1/grassroots/", include("lvzhi.grassroots.api_urls")),
    path("api/v1/ledger/", include("lvzhi.ledger.api_urls")),
    path("api/v1/homes/", include("lvzhi.homes.api_urls")),
    path("api/v1/socialorgs/projects/", include("lvzhi.socialorgs.projects.api_urls")),
    path("api/v1/socialorgs/complaints/", include("lvzhi.socialorgs.complaints.api_urls")),
    path("api/v1/socialorgs/evaluations/", include("lvzhi.socialorgs.evaluations.api_urls")),
    path("api/v1/socialorgs/", include("lvzhi.socialorgs.api_urls")),
    path("api/v1/", include("lvzhi.api_urls")),
    path("api/schema/", api_docs.SchemaView.as_view(), name="api-schema"),
    path("api/docs/", api_docs.DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("healthz", operations.healthz, name="healthz"),
    path("metrics", operations.metrics, name="metrics"),
]

# Uploaded files are never served from /media/: only through the views of their owners.
