from django.urls import URLPattern, URLResolver, path

from deltacap.rights import pages, views

app_name = "rights"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.market, name="market"),
    path("desk/", views.desk, name="desk"),
    path("desk/list/", views.list_rights, name="list"),
    path("desk/listings/<int:listing_id>/buy/", views.buy, name="buy"),
    path("desk/trades/<int:trade_id>/decide/", views.decide, name="decide"),
    path("confirm/", pages.confirm, name="confirm"),
    path("reconciliation/", pages.reconciliation_list, name="reconciliation"),
    path("settings/", pages.market_settings, name="settings"),
]
