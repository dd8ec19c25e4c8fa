from django.urls import path

from . import urls_exports, views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("org/<int:org_pk>/", views.org_catalogs, name="org"),
    path("org/<int:org_pk>/upload/", views.upload, name="upload"),
    path("template.xlsx", views.excel_template, name="excel-template"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/publish/", views.version_publish, name="publish"),
    path("catalogs/<int:pk>/new-draft/", views.new_draft, name="new-draft"),
    path("findings/<int:pk>/decide/", views.finding_decide, name="finding-decide"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("public/", views.public_list, name="public"),
    path("public/org/<int:org_pk>/", views.public_catalog, name="public-catalog"),
    path("public/items/<int:pk>/", views.public_item, name="public-item"),
    path("public/search/", views.public_search, name="public-search"),
    path("public/legal/", views.legal_index, name="legal-index"),
]

urlpatterns += urls_exports.urlpatterns

from . import urls_messages  # noqa: E402

urlpatterns += urls_messages.urlpatterns
