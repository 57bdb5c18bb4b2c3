from django.urls import path

from deltacap.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in_page, name="sign_in"),
    path("two-factor/", views.two_factor_page, name="two_factor"),
]
