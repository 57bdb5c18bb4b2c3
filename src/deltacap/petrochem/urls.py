from django.urls import path

from deltacap.petrochem import views_fence as fence
from deltacap.petrochem import views_petrochem as views

app_name = "petrochem"
urlpatterns = [
    path("", views.index, name="index"),
    path("limits/", views.limits_page, name="limits"),
    path("monitoring/", views.monitoring_page, name="monitoring"),
    path("scope/", views.scope_page, name="scope"),
    path("scope/set/", views.set_scope, name="set_scope"),
    path("enterprises/save/", views.save_enterprise, name="save_enterprise"),
    path("enterprises/<int:petro_enterprise_id>/", views.enterprise_page, name="enterprise"),
    path(
        "enterprises/<int:petro_enterprise_id>/findings/",
        views.record_finding,
        name="record_finding",
    ),
    path("findings/<int:petro_finding_id>/", views.finding_page, name="finding"),
    path("findings/<int:petro_finding_id>/rectify/", views.rectify, name="rectify"),
    path("findings/<int:petro_finding_id>/close/", views.close, name="close"),
    path("campaigns/", views.campaigns_page, name="campaigns"),
    path("campaigns/create/", views.create_campaign, name="create_campaign"),
    path("stations/", fence.stations_page, name="stations"),
    path("stations/save/", fence.save_station, name="save_station"),
    path("stations/import/", fence.import_page, name="stations_import"),
    path("stations/<int:petro_station_id>/", fence.station_page, name="station"),
    path("ozone/", fence.ozone_page, name="ozone"),
]
