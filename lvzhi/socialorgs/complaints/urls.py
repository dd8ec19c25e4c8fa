from django.urls import path

from . import views

app_name = "socialorgs_complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("public/<int:pk>/", views.complaint_send, name="send"),
    path("public/sent/", views.complaint_sent, name="sent"),
]
