from django.urls import path

from . import views, views_board, views_rollup
from .activities import views as activities
from .assessments import views as assessments

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
    path("<int:pk>/assessments/", assessments.home_assessments, name="assessments"),
    path("<int:pk>/assessments/start/", assessments.assessment_start, name="assessment-start"),
    path("<int:pk>/recheck/", assessments.recheck, name="recheck"),
    path("assessments/", assessments.pending, name="assessments-pending"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment"),
    path(
        "assessments/<int:pk>/parts/<slug:code>/",
        assessments.part_record,
        name="assessment-part",
    ),
    path("assessments/<int:pk>/submit/", assessments.assessment_submit, name="assessment-submit"),
    path("assessments/<int:pk>/review/", assessments.assessment_review, name="assessment-review"),
    path("assessments/<int:pk>/decide/", assessments.assessment_decide, name="assessment-decide"),
    path("evidence/<int:pk>/", assessments.evidence_file, name="evidence"),
    path("<int:pk>/plans/", activities.plans, name="plans"),
    path("plans/<int:pk>/", activities.plan_detail, name="plan"),
    path("plans/<int:pk>/wishes/", activities.wish_add, name="wish-add"),
    path("plans/<int:pk>/publish/", activities.plan_publish, name="plan-publish"),
    path("plans/<int:pk>/summary/", activities.summary_generate, name="plan-summary"),
    path("plans/<int:pk>/activities/", activities.activity_add, name="activity-add"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity"),
    path("activities/<int:pk>/qr.svg", activities.activity_qr, name="activity-qr"),
    path("activity-photos/<int:pk>/", activities.activity_photo, name="activity-photo"),
    path(
        "public/activity-photos/<int:pk>/",
        activities.public_activity_photo,
        name="public-activity-photo",
    ),
    path("r/<str:key>/", activities.rate, name="rate"),
    path("ratings/", activities.ratings_rollup, name="ratings"),
    path("<int:pk>/board/", views.board_figures, name="board-figures"),
    path("<int:pk>/board/poster.pdf", views_board.board_poster, name="board-poster"),
    path("rollup/", views_rollup.rollup, name="rollup"),
    path("rollup/chart.json", views_rollup.rollup_chart, name="rollup-chart"),
    path("evidence/<int:pk>/delete/", assessments.evidence_delete, name="evidence-delete"),
]
