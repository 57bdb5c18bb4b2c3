from django.urls import path

from deltacap.mobile import views

app_name = "mobile"
urlpatterns = [
    path("", views.index, name="index"),
    path("vehicle/", views.vehicle_page, name="vehicle"),
    path("notices/<int:vehicle_notice_id>/", views.notice_page, name="notice"),
    path("notices/<int:vehicle_notice_id>/respond/", views.respond, name="respond"),
    path("import/vehicles/", views.import_vehicles, name="import_vehicles"),
    path("import/detections/", views.import_detections, name="import_detections"),
]
