from django.urls import path

from deltacap.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year_page, name="year"),
    path("<int:year>/region/", views.region_page, name="region"),
    path("<int:year>/region/compile/", views.compile_region, name="compile"),
    path("<int:year>/region/publish/", views.publish_region, name="publish"),
    path("<int:year>/region/file/", views.region_file, name="region_file"),
    path("<int:year>/<str:member>/", views.member_page, name="member"),
    path("<int:year>/<str:member>/narrative/", views.narrative, name="narrative"),
    path("<int:year>/<str:member>/submit/", views.submit, name="submit"),
    path("<int:year>/<str:member>/review/", views.review, name="review"),
    path("<int:year>/<str:member>/file/", views.member_file, name="member_file"),
    path("<int:year>/<str:member>/compare/", views.compare, name="compare"),
]
