from django.urls import path

from deltacap.water import views

app_name = "water"
urlpatterns = [
    path("", views.index, name="index"),
    path("sections/<int:section_id>/", views.section_page, name="section"),
    path("sections/<int:section_id>/edit/", views.section_edit, name="section_edit"),
    path("import/", views.import_page, name="import"),
]

# The lakes: the 5 km Taihu zone and cyanobacteria blooms (water/views_lakes.py).
from deltacap.water import views_lakes  # noqa: E402

urlpatterns += [
    path("taihu/", views_lakes.taihu_page, name="taihu"),
    path("blooms/", views_lakes.blooms_page, name="blooms"),
]
