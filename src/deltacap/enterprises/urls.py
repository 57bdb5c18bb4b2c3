from django.urls import path

from deltacap.enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("<int:enterprise_id>/", views.enterprise_detail, name="detail"),
]
