from django.urls import path

from deltacap.water import views

app_name = "water"
urlpatterns = [
    path("", views.index, name="index"),
    path("sections/<int:section_id>/", views.section_page, name="section"),
    path("sections/<int:section_id>/edit/", views.section_edit, name="section_edit"),
    path("import/", views.import_page, name="import"),
]
