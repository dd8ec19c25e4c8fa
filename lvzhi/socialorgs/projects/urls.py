"""/socialorgs/projects/ (included from lvzhi/urls.py before /socialorgs/)."""

from django.urls import path

from . import views

app_name = "socialorg_projects"

urlpatterns = [
    path("", views.batch_list, name="batches"),
    path("new/", views.batch_create, name="batch-create"),
    path("<int:pk>/", views.batch_detail, name="batch"),
    path("<int:pk>/edit/", views.batch_edit, name="batch-edit"),
    path("<int:pk>/publish/", views.batch_publish, name="batch-publish"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/accept/", views.application_accept, name="application-accept"),
    path("applications/<int:pk>/<slug:name>/", views.application_step, name="application-step"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("organizations/<int:pk>/accounts/", views.accounts, name="accounts"),
    path("my/", views.my_portal, name="my"),
    path("my/apply/<int:pk>/", views.my_apply, name="my-apply"),
    path("my/<int:pk>/", views.my_application, name="my-application"),
    path("my/<int:pk>/withdraw/", views.my_withdraw, name="my-withdraw"),
    path("my/<int:pk>/report/", views.my_report, name="my-report"),
    path("my/<int:pk>/resubmit/", views.my_resubmit, name="my-resubmit"),
    path("public/", views.public_list, name="public-list"),
    path("public/<int:pk>/", views.public_detail, name="public-detail"),
]
