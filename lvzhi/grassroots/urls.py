from django.urls import path

from . import views, views_import

app_name = "grassroots"

urlpatterns = [
    path("sixin/", views.sixin_list, name="sixin-list"),
    path("sixin/new/", views.sixin_create, name="sixin-create"),
    path("sixin/<int:pk>/", views.sixin_detail, name="sixin-detail"),
    path("sixin/<int:pk>/edit/", views.sixin_edit, name="sixin-edit"),
    path("sixin/<int:pk>/founding/", views.founding_start, name="founding-start"),
    path("sixin/<int:pk>/founding/result/", views.founding_result, name="founding-result"),
    path(
        "sixin/<int:pk>/founding/documents/<slug:code>.docx",
        views.founding_document,
        name="founding-document",
    ),
    path("sixin/import/", views_import.upload, name="import"),
    path("sixin/import/template/", views_import.template, name="import-template"),
    path("sixin/import/confirm/", views_import.confirm, name="import-confirm"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/export/", views.coverage_export, name="coverage-export"),
    path("renewals/", views.renewals, name="renewals"),
    path("women-groups/", views.women_groups, name="women-groups"),
]
