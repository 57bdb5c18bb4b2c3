from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "deltacap.web"
