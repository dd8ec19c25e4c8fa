"""Pages of members: the activity log (a member's phone home, recording, the list with
verification, the detail page) and the federation's list of suggestions (建议)."""

from django.urls import path

from lvzhi.members.activities import offline, views

urlpatterns = [
    path("me/", views.my_home, name="my"),
    path("sw.js", offline.service_worker, name="service-worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/new/", views.activity_new, name="activity-new"),
    path("activities/verify/", views.activity_verify_bulk, name="activities-verify"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity-delete"),
    path("activities/<int:pk>/verify/", views.activity_verify, name="activity-verify"),
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("suggestions/<int:pk>/answer/", views.suggestion_answer, name="suggestion-answer"),
    path("activities/photos/<int:pk>/", views.activity_photo, name="activity-photo"),
    path(
        "activities/photos/<int:pk>/display/",
        views.activity_photo_display,
        name="activity-photo-display",
    ),
]
