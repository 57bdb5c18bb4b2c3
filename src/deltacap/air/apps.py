from django.apps import AppConfig


class AirConfig(AppConfig):
    name = "deltacap.air"
