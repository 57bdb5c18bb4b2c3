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

# Joint forecast consultation (联合会商): pages of their own module.
from deltacap.air import views_forecasts  # noqa: E402

urlpatterns += [
    path("consultations/", views_forecasts.consultation_list, name="consultations"),
    path("consultations/open/", views_forecasts.open_consultation, name="consultation_open"),
    path(
        "consultations/verification/",
        views_forecasts.verification_over_time,
        name="consultation_verification_all",
    ),
    path(
        "consultations/<int:consultation_id>/",
        views_forecasts.consultation_detail,
        name="consultation",
    ),
    path(
        "consultations/<int:consultation_id>/forecasts/",
        views_forecasts.submit_forecasts,
        name="consultation_forecasts",
    ),
    path(
        "consultations/<int:consultation_id>/consensus/",
        views_forecasts.record_consensus,
        name="consultation_consensus",
    ),
    path(
        "consultations/<int:consultation_id>/publish/",
        views_forecasts.publish,
        name="consultation_publish",
    ),
    path(
        "consultations/<int:consultation_id>/verification/",
        views_forecasts.consultation_verification,
        name="consultation_verification",
    ),
]
