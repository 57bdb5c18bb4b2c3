from django.urls import path

from deltacap.sharing import views

app_name = "sharing"
urlpatterns = [
    path("", views.changes_page, name="changes"),
    path("subscriptions/", views.subscriptions_page, name="subscriptions"),
    path("policy/", views.policy_page, name="policy"),
    path("bundle/", views.bundle_page, name="bundle"),
    path("bundle/verify/", views.bundle_verify_page, name="bundle_verify"),
    path("crosswalk/", views.crosswalk_page, name="crosswalk"),
    path(
        "crosswalk/<int:sharing_enterprise_id>/",
        views.enterprise_crosswalk_page,
        name="crosswalk_enterprise",
    ),
    path(
        "crosswalk/<int:sharing_enterprise_id>/permit/",
        views.permit_number_page,
        name="crosswalk_permit",
    ),
]
