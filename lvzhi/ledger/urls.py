from django.urls import path

from . import views, views_counts, views_excel, views_privacy, views_volunteers

app_name = "ledger"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("my/", views.my_work, name="my"),
    path("counts/", views_counts.counts, name="counts"),
    path("trends/", views_counts.trends, name="trends"),
    path("recheck/", views_counts.recheck, name="recheck"),
    path("org/<int:org_pk>/new/", views.entry_create, name="create"),
    path("org/<int:org_pk>/grids/", views.grid_list, name="grids"),
    path("<int:pk>/", views.entry_detail, name="entry"),
    path("<int:pk>/edit/", views.entry_edit, name="edit"),
    path("<int:pk>/reveal/<str:field>/", views.entry_reveal, name="reveal"),
    path("<int:pk>/categories/", views.category_add, name="category-add"),
    path("categories/<int:pk>/end/", views.category_end, name="category-end"),
    path("<int:pk>/transfer/", views.transfer_create, name="transfer"),
    path("<int:pk>/visit/", views.visit_create, name="visit"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit-edit"),
    path("visits/<int:pk>/delete/", views.visit_delete, name="visit-delete"),
    path("transfers/", views.transfer_list, name="transfers"),
    path("transfers/<int:pk>/decide/", views.transfer_decide, name="transfer-decide"),
    path("grids/<int:pk>/", views.grid_detail, name="grid"),
    path("grids/<int:pk>/edit/", views.grid_edit, name="grid-edit"),
    path("reads/", views_privacy.read_log, name="reads"),
    path("<int:pk>/consents/", views_privacy.consent_add, name="consent-add"),
    path("consents/<int:pk>/withdraw/", views_privacy.consent_withdraw, name="consent-withdraw"),
    path("<int:pk>/close/", views_privacy.entry_close, name="close"),
    path("<int:pk>/report/", views_privacy.person_report, name="report"),
    path("org/<int:org_pk>/import/", views_excel.import_upload, name="import"),
    path("org/<int:org_pk>/import/template/", views_excel.import_template, name="import-template"),
    path("org/<int:org_pk>/import/confirm/", views_excel.import_confirm, name="import-confirm"),
    path("teams/", views_volunteers.team_list, name="teams"),
    path("org/<int:org_pk>/teams/new/", views_volunteers.team_create, name="team-create"),
    path("teams/<int:pk>/", views_volunteers.team_detail, name="team"),
    path("teams/<int:pk>/members/", views_volunteers.member_add, name="team-member-add"),
    path("team-members/<int:pk>/leave/", views_volunteers.member_leave, name="team-member-leave"),
    path("teams/<int:pk>/services/new/", views_volunteers.service_create, name="team-service"),
    path("public/teams/<str:pk>/", views_volunteers.team_public, name="team-public"),
]
