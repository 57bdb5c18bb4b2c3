from django.urls import path

from deltacap.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.outlet_list, name="outlets"),
    path("outlets/<int:outlet_id>/", views.outlet_detail, name="outlet"),
    path("exceedances/", views.exceedance_list, name="exceedances"),
    path("totals/", views.annual_totals, name="totals"),
]
