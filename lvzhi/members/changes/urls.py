"""Pages of members: changes of the committee (exits, nominations, vote sessions)."""

from django.urls import path

from lvzhi.members.changes import views

urlpatterns = [
    path("changes/", views.changes_home, name="changes-home"),
    path("changes/<int:org>/exits/", views.exit_list, name="exit-list"),
    path("changes/<int:org>/exits/new/", views.exit_create, name="exit-create"),
    path("changes/<int:org>/exits/open/", views.exit_open, name="exit-open"),
    path("changes/exits/<int:pk>/", views.exit_detail, name="exit-detail"),
    path("changes/exits/<int:pk>/step/", views.exit_step, name="exit-step"),
    path("changes/exits/<int:pk>/dismiss/", views.exit_dismiss, name="exit-dismiss"),
    path("changes/<int:org>/nominations/", views.nomination_list, name="nomination-list"),
    path("changes/<int:org>/nominations/new/", views.nomination_create, name="nomination-create"),
    path("changes/nominations/<int:pk>/", views.nomination_detail, name="nomination-detail"),
    path(
        "changes/nominations/<int:pk>/review/",
        views.nomination_review,
        name="nomination-review",
    ),
    path("changes/<int:org>/votes/", views.vote_list, name="vote-list"),
    path("changes/<int:org>/votes/new/", views.vote_create, name="vote-create"),
    path("changes/votes/<int:pk>/", views.vote_detail, name="vote-detail"),
]
