from django.urls import path

from deltacap.air import views

app_name = "air"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("stations/", views.station_list, name="stations"),
    path("evaluation/", views.evaluation_page, name="evaluation"),
    path("city/<str:code>/", views.city_detail, name="city"),
    path("import/stations/", views.import_stations, name="import_stations"),
    path("import/observations/", views.import_observations, name="import_observations"),
]
