from django.apps import AppConfig


class WaterConfig(AppConfig):
    name = "deltacap.water"
    verbose_name = "water"
