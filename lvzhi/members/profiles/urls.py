"""Pages of members: committees, contact gaps, profiles and contact assignments; the public
profile (R-EX-12) and its QR code."""

from django.urls import path

from lvzhi.members.profiles import views

urlpatterns = [
    path("committee/<int:org_pk>/", views.committee, name="committee"),
    path("committee/<int:org_pk>/contact-gaps/", views.contact_gaps, name="contact-gaps"),
    path("me/profile/", views.my_profile, name="my-profile"),
    path("people/<int:person_pk>/", views.profile, name="profile"),
    path("people/<int:person_pk>/edit/", views.profile_edit, name="profile-edit"),
    path("people/<int:person_pk>/contacts/new/", views.contact_add, name="contact-add"),
    path("contacts/<int:pk>/end/", views.contact_end, name="contact-end"),
    path("p/<str:token>/", views.public_profile, name="public-profile"),
    path("p/<str:token>/qr.svg", views.public_profile_qr, name="public-profile-qr"),
    path("people/<int:person_pk>/photo/", views.profile_photo, name="profile-photo"),
    path("p/<str:token>/photo/", views.public_profile_photo, name="public-profile-photo"),
]
