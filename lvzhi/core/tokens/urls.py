from django.urls import path

from lvzhi.core.tokens import views

app_name = "tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("all/", views.token_all, name="all"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
