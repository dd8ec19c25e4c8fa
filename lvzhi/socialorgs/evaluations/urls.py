from django.urls import path

from . import views

app_name = "socialorgs_evaluations"

urlpatterns = [
    path("", views.plans, name="plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("<int:pk>/score/", views.evaluation_score, name="score"),
    path("<int:pk>/report/", views.evaluation_report, name="report"),
    path("<int:pk>/qr/", views.evaluation_qr, name="qr"),
    path("rate/<str:key>/", views.rate, name="rate"),
    path("public/", views.public_results, name="public"),
]
