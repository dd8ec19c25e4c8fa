from django.urls import path

from lvzhi.core.twofactor import views

app_name = "twofactor"

urlpatterns = [
    path("", views.setup, name="setup"),
    path("verify/", views.verify, name="verify"),
]
