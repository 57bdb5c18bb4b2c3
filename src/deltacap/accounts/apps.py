from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "deltacap.accounts"
