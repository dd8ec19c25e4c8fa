"""Template pages: list, review of a derived draft, step edits, publish."""

from django.urls import path

from . import views_templates as views

urlpatterns = [
    path("templates/", views.template_list, name="templates"),
    path("templates/new/", views.template_new, name="template-new"),
    path("templates/<int:pk>/", views.template_detail, name="template"),
    path("templates/<int:pk>/settings/", views.template_settings, name="template-settings"),
    path("templates/<int:pk>/new-draft/", views.template_new_draft, name="template-new-draft"),
    path("templates/steps/<int:step_pk>/edit/", views.step_edit, name="template-step-edit"),
    path("templates/steps/<int:step_pk>/move/", views.step_move, name="template-step-move"),
    path("templates/steps/<int:step_pk>/merge/", views.step_merge, name="template-step-merge"),
    path("templates/steps/<int:step_pk>/split/", views.step_split, name="template-step-split"),
    path("templates/steps/<int:step_pk>/delete/", views.step_delete, name="template-step-delete"),
    path("template-versions/<int:pk>/steps/add/", views.step_add, name="template-step-add"),
    path("template-versions/<int:pk>/publish/", views.version_publish, name="template-publish"),
]
