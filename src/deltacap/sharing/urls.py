from django.urls import path

from deltacap.sharing import views

app_name = "sharing"
urlpatterns = [
    path("", views.changes_page, name="changes"),
    path("subscriptions/", views.subscriptions_page, name="subscriptions"),
    path("policy/", views.policy_page, name="policy"),
]
