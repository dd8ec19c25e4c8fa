"""URLs of supervision messages: ``urlpatterns`` (pages, in the ``catalog`` namespace)
and ``api_urlpatterns`` (appended to /api/v1/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api_messages as api
from . import views_messages as views

urlpatterns = [
    path("public/items/<int:pk>/message/", views.message_send, name="message-send"),
    path("public/messages/sent/", views.message_sent, name="message-sent"),
    path("public/messages/track/", views.message_track, name="message-track"),
    path("messages/", views.message_inbox, name="message-inbox"),
    path("messages/<int:pk>/", views.message_detail, name="message-detail"),
    path("messages/<int:pk>/answer/", views.message_answer, name="message-answer"),
]

_router = SimpleRouter()
_router.register("catalog/messages/inbox", api.InboxViewSet, basename="catalog-message-inbox")

api_urlpatterns = [
    path("catalog/messages/", api.MessageSendAPI.as_view(), name="catalog-message-send"),
    path(
        "catalog/messages/track/<str:code>/",
        api.MessageTrackAPI.as_view(),
        name="catalog-message-track",
    ),
    *_router.urls,
]
