from django.urls import path

from deltacap.mobile import views, views_machinery, views_phaseout, views_phaseout_forms

app_name = "mobile"
urlpatterns = [
    path("", views.index, name="index"),
    path("vehicle/", views.vehicle_page, name="vehicle"),
    path("notices/<int:vehicle_notice_id>/", views.notice_page, name="notice"),
    path("notices/<int:vehicle_notice_id>/respond/", views.respond, name="respond"),
    path("import/vehicles/", views.import_vehicles, name="import_vehicles"),
    path("import/detections/", views.import_detections, name="import_detections"),
    # non-road machinery
    path("machinery/", views_machinery.index, name="machinery"),
    path("machinery/machine/", views_machinery.machine_page, name="machine"),
    path("machinery/checks/", views_machinery.record_check, name="machine_check"),
    path(
        "machinery/notices/<int:machine_notice_id>/",
        views_machinery.notice_page,
        name="machine_notice",
    ),
    path(
        "machinery/notices/<int:machine_notice_id>/respond/",
        views_machinery.respond,
        name="machine_respond",
    ),
    path("machinery/import/", views_machinery.import_machinery, name="import_machinery"),
    # phase-out of old vehicles and machinery
    path("phaseout/", views_phaseout.index, name="phaseout"),
    path("phaseout/projects/", views_phaseout.make_projects, name="phaseout_projects"),
    path("phaseout/standard/", views_phaseout_forms.standard, name="phaseout_standard"),
    path("phaseout/import/", views_phaseout_forms.import_list, name="phaseout_import"),
    path("phaseout/target/", views_phaseout_forms.set_target, name="phaseout_target"),
]
