from django.urls import path

from . import views

app_name = "socialorgs"

urlpatterns = [
    path("", views.organization_list, name="list"),
    path("new/", views.organization_file, name="file"),
    path("proposal/", views.proposal, name="proposal"),
    path("sync/", views.civil_affairs_sync, name="sync"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/edit/", views.organization_edit, name="edit"),
    path("<int:pk>/refile/", views.organization_refile, name="refile"),
    path("<int:pk>/members/", views.member_add, name="member-add"),
    path("members/<int:pk>/delete/", views.member_remove, name="member-remove"),
    path("<int:pk>/ledger/", views.ledger_add, name="ledger-add"),
    path("advisers/", views.advisers, name="advisers"),
    path("duties/", views.duties, name="duties"),
    path("duties/<int:pk>/document/", views.duty_document, name="duty-document"),
    path("gaps/", views.disclosure_gaps, name="gaps"),
    path("public/", views.public_list, name="public-list"),
    path("public/<int:pk>/", views.public_detail, name="public-detail"),
]
