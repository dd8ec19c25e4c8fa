from django.urls import path

from . import views, views_forms

app_name = "orgs"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("search/", views.tree_search, name="tree-search"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/children/", views.tree_children, name="children"),
    path("<int:parent_pk>/new/", views_forms.organization_create, name="create"),
    path("<int:pk>/edit/", views_forms.organization_edit, name="edit"),
    path("<int:pk>/departments/new/", views_forms.department_create, name="department-create"),
    path("departments/<int:pk>/edit/", views_forms.department_edit, name="department-edit"),
    path("<int:pk>/terms/new/", views_forms.term_create, name="term-create"),
    path("terms/<int:pk>/edit/", views_forms.term_edit, name="term-edit"),
    path("<int:pk>/positions/new/", views_forms.position_create, name="position-create"),
    path("positions/<int:pk>/edit/", views_forms.position_edit, name="position-edit"),
    path("<int:pk>/people/new/", views_forms.person_create, name="person-create"),
    path("people/", views.people_list, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/photo/", views.person_photo, name="person-photo"),
    path("people/<int:pk>/edit/", views_forms.person_edit, name="person-edit"),
    path("people/<int:pk>/reveal/<str:field>/", views.person_reveal, name="person-reveal"),
]
