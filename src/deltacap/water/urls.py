from django.urls import path

from deltacap.water import views, views_compensation

app_name = "water"
urlpatterns = [
    path("", views.index, name="index"),
    path("sections/<int:section_id>/", views.section_page, name="section"),
    path("sections/<int:section_id>/edit/", views.section_edit, name="section_edit"),
    path("import/", views.import_page, name="import"),
    path("compensation/<slug:agreement>/", views_compensation.agreement_page, name="agreement"),
    path("compensation/<slug:agreement>/settle/", views_compensation.settle_page, name="settle"),
    path(
        "compensation/settlements/<int:settlement_id>/",
        views_compensation.settlement_page,
        name="settlement",
    ),
    path(
        "compensation/settlements/<int:settlement_id>/approve/",
        views_compensation.approve_page,
        name="approve_settlement",
    ),
]

# The lakes: the 5 km Taihu zone and cyanobacteria blooms (water/views_lakes.py).
from deltacap.water import views_lakes  # noqa: E402

urlpatterns += [
    path("taihu/", views_lakes.taihu_page, name="taihu"),
    path("taihu/reserve/allocate/", views_lakes.taihu_allocate, name="taihu_allocate"),
    path("taihu/sites/", views_lakes.taihu_site, name="taihu_site"),
    path(
        "taihu/plans/<int:taihu_enterprise_id>/close/",
        views_lakes.taihu_close,
        name="taihu_close",
    ),
    path(
        "taihu/plans/<int:taihu_enterprise_id>/edit/",
        views_lakes.taihu_plan_edit,
        name="taihu_plan_edit",
    ),
    path("blooms/", views_lakes.blooms_page, name="blooms"),
    path("blooms/observations/", views_lakes.bloom_observe, name="bloom_observe"),
    path("blooms/warnings/", views_lakes.bloom_warn, name="bloom_warn"),
    path("blooms/warnings/<int:bloom_warning_id>/lift/", views_lakes.bloom_lift, name="bloom_lift"),
    path(
        "blooms/warnings/<int:bloom_warning_id>/actions/", views_lakes.bloom_act, name="bloom_act"
    ),
]

# Outfalls into rivers and lakes and tracing (water/views_outfalls.py).
from deltacap.water import views_outfalls  # noqa: E402

urlpatterns += [
    path("outfalls/", views_outfalls.outfalls_page, name="outfalls"),
    path("outfalls/import/", views_outfalls.import_page, name="outfalls_import"),
    path("outfalls/<int:water_outfall_id>/", views_outfalls.outfall_page, name="outfall"),
    path(
        "outfalls/<int:water_outfall_id>/rectification/",
        views_outfalls.rectification_done,
        name="outfall_rectification",
    ),
    path(
        "outfalls/<int:water_outfall_id>/verification/",
        views_outfalls.rectification_verification,
        name="outfall_verification",
    ),
    path("trace/", views_outfalls.trace_page, name="trace"),
]

# Shared facilities of the demonstration zone (water/views_facilities.py).
from deltacap.water import views_facilities  # noqa: E402

urlpatterns += [
    path("facilities/", views_facilities.facilities_page, name="facilities"),
]
urlpatterns += [
    path("facilities/new/", views_facilities.facility_new, name="facility_new"),
]

# N/P loads into the lakes by inflow river (water/views_loads.py).
from deltacap.water import views_loads  # noqa: E402

urlpatterns += [
    path("lakes/loads/", views_loads.overview_page, name="loads_overview"),
    path("lakes/<slug:loads_lake>/loads/", views_loads.loads_page, name="loads"),
    path("flows/import/", views_loads.flows_import_page, name="flows_import"),
    path("network/import/", views_loads.network_import_page, name="network_import"),
]

# The tracking evaluation of the water bodies (water/views_tracking.py).
from deltacap.water import views_tracking  # noqa: E402

urlpatterns += [
    path("tracking/", views_tracking.tracking_page, name="tracking"),
]
