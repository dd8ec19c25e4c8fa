"""Photos of members (activities, profiles, the public profile): served by views that load
their owner in the viewer's scope."""

from django.urls import path

from lvzhi.members import views_files as views

urlpatterns = [
    path("activities/photos/<int:pk>/", views.activity_photo, name="activity-photo"),
    path(
        "activities/photos/<int:pk>/display/",
        views.activity_photo_display,
        name="activity-photo-display",
    ),
    path("people/<int:person_pk>/photo/", views.profile_photo, name="profile-photo"),
    path("p/<str:token>/photo/", views.public_profile_photo, name="public-profile-photo"),
]
