from django.urls import path

from deltacap.air import views, views_events, views_warnings

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
    path("warnings/", views_warnings.warning_list, name="warnings"),
    path("warnings/issue/", views_warnings.warning_issue, name="warning_issue"),
    path("warnings/notices/", views_warnings.notice_list, name="warning_notices"),
    path("warnings/notices/<int:notice_id>/mark/", views_warnings.notice_mark, name="notice_mark"),
    path("warnings/<int:warning_id>/", views_warnings.warning_page, name="warning"),
    path("warnings/<int:warning_id>/raise/", views_warnings.warning_raise, name="warning_raise"),
    path("warnings/<int:warning_id>/lower/", views_warnings.warning_lower, name="warning_lower"),
    path("warnings/<int:warning_id>/lift/", views_warnings.warning_lift, name="warning_lift"),
    path(
        "warnings/<int:warning_id>/notice.docx",
        views_warnings.warning_document,
        name="warning_document",
    ),
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

# Mobile monitoring (走航): pages of their own module.
from deltacap.air import views_tracks  # noqa: E402

urlpatterns += [
    path("tracks/", views_tracks.track_list, name="tracks"),
    path("tracks/import/", views_tracks.track_import, name="track_import"),
    path("tracks/<int:air_track_id>/", views_tracks.track_page, name="track"),
    path(
        "tracks/hotspots/<int:air_hotspot_id>/follow-ups/",
        views_tracks.follow_up_record,
        name="track_follow_up",
    ),
    path(
        "tracks/follow-ups/<int:air_follow_up_id>/close/",
        views_tracks.follow_up_close,
        name="track_follow_up_close",
    ),
]
