from django.urls import path

from . import urls_exports, views

app_name = "catalog"

# The version page, publishing and the public item page show or start process work: they are
# lvzhi.processes.views_catalog, joined to these patterns by lvzhi/urls.py (same names).

urlpatterns = [
    path("", views.home, name="home"),
    path("org/<int:org_pk>/", views.org_catalogs, name="org"),
    path("org/<int:org_pk>/upload/", views.upload, name="upload"),
    path("template.xlsx", views.excel_template, name="excel-template"),
    path("catalogs/<int:pk>/new-draft/", views.new_draft, name="new-draft"),
    path("findings/<int:pk>/decide/", views.finding_decide, name="finding-decide"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("public/", views.public_list, name="public"),
    path("public/org/<int:org_pk>/", views.public_catalog, name="public-catalog"),
    path("public/search/", views.public_search, name="public-search"),
    path("public/legal/", views.legal_index, name="legal-index"),
]

urlpatterns += urls_exports.urlpatterns

from . import urls_messages  # noqa: E402

urlpatterns += urls_messages.urlpatterns
