from django.urls import path

from . import views, views_import
from .elections import views as election_views
from .system import views as system_views
from .units import views as unit_views

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
    path(
        "sixin/<int:pk>/founding/election/",
        election_views.founding_election_open,
        name="founding-election",
    ),
    path(
        "renewals/<int:pk>/election/",
        election_views.renewal_election_open,
        name="renewal-election",
    ),
    path("elections/<int:pk>/", election_views.election_detail, name="election"),
    path("elections/<int:pk>/method/", election_views.election_method, name="election-method"),
    path(
        "elections/<int:pk>/delegates/",
        election_views.election_delegates,
        name="election-delegates",
    ),
    path(
        "elections/<int:pk>/candidates/<slug:stage>/",
        election_views.election_candidates,
        name="election-candidates",
    ),
    path(
        "elections/<int:pk>/ballots/<slug:stage>/",
        election_views.election_ballots,
        name="election-ballots",
    ),
    path("elections/<int:pk>/file/", election_views.election_file, name="election-file"),
    path(
        "elections/<int:pk>/renewal-documents/<slug:code>.docx",
        election_views.renewal_document,
        name="renewal-document",
    ),
    path("sixin/import/", views_import.upload, name="import"),
    path("sixin/import/template/", views_import.template, name="import-template"),
    path("sixin/import/confirm/", views_import.confirm, name="import-confirm"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/export/", views.coverage_export, name="coverage-export"),
    path("renewals/", views.renewals, name="renewals"),
    path("women-groups/", views.women_groups, name="women-groups"),
    path("women-groups/new/", unit_views.women_group_create, name="women-group-create"),
    path("micro-homes/", unit_views.micro_homes, name="micro-homes"),
    path("micro-homes/new/", unit_views.micro_home_create, name="micro-home-create"),
    path("units/<int:pk>/", unit_views.unit_detail, name="unit"),
    path("units/<int:pk>/members/", unit_views.unit_member_add, name="unit-member-add"),
    path(
        "units/<int:pk>/members/<int:position_pk>/end/",
        unit_views.unit_member_end,
        name="unit-member-end",
    ),
    path("system-foundings/", system_views.system_foundings, name="system-foundings"),
    path(
        "system-foundings/new/",
        system_views.system_founding_create,
        name="system-founding-create",
    ),
    path(
        "system-foundings/<int:pk>/",
        system_views.system_founding_detail,
        name="system-founding",
    ),
    path(
        "system-foundings/<int:pk>/documents/<slug:code>.docx",
        system_views.system_founding_document,
        name="system-founding-document",
    ),
    path(
        "system-foundings/<int:pk>/election/",
        system_views.system_founding_election,
        name="system-founding-election",
    ),
    path("units/<int:pk>/activities/", unit_views.micro_home_activity_add, name="unit-activity"),
]
