from django.urls import path

from . import views

app_name = "homes"

urlpatterns = [
    path("", views.home_list, name="list"),
    path("new/", views.home_create, name="create"),
    path("standards/", views.standards, name="standards"),
    path("<int:pk>/", views.home_detail, name="detail"),
    path("<int:pk>/edit/", views.home_edit, name="edit"),
    path("<int:pk>/rota/", views.rota_add, name="rota-add"),
    path("<int:pk>/rota/<int:entry_pk>/delete/", views.rota_remove, name="rota-remove"),
    path("<int:pk>/exceptions/", views.exceptions, name="exceptions"),
    path("exceptions/<int:pk>/delete/", views.exception_delete, name="exception-delete"),
    path("<int:pk>/boards/", views.boards, name="boards"),
    path("boards/stale/", views.stale_boards, name="stale"),
    path("board-photos/<int:pk>/", views.board_photo, name="board-photo"),
    path("board-photos/<int:pk>/display/", views.board_photo_display, name="board-photo-display"),
    path("<int:pk>/items/", views.items, name="items"),
    path("<int:pk>/loans/", views.loans, name="loans"),
    path("loans/<int:pk>/return/", views.loan_return, name="loan-return"),
    path("loans/overdue/", views.overdue, name="overdue"),
    path("public/", views.public_list, name="public-list"),
    path("public/<int:pk>/", views.public_detail, name="public-detail"),
]
