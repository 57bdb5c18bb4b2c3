from django.urls import path

from deltacap.air import views, views_events

app_name = "air"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("stations/", views.station_list, name="stations"),
    path("evaluation/", views.evaluation_page, name="evaluation"),
    path("city/<str:code>/", views.city_detail, name="city"),
    path("import/stations/", views.import_stations, name="import_stations"),
    path("import/observations/", views.import_observations, name="import_observations"),
    path("events/", views_events.events, name="events"),
    path("events/new/", views_events.event_create, name="event_create"),
    path("events/<int:event_id>/", views_events.event_detail, name="event"),
    path("events/lists/<int:list_id>/", views_events.list_page, name="control_list"),
    path("events/lists/<int:list_id>/edit/", views_events.list_edit, name="control_list_edit"),
    path(
        "events/lists/<int:list_id>/import/", views_events.list_import, name="control_list_import"
    ),
    path(
        "events/lists/<int:list_id>/workbook/",
        views_events.list_export,
        name="control_list_export",
    ),
]
