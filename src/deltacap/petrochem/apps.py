from django.apps import AppConfig


class PetrochemConfig(AppConfig):
    name = "deltacap.petrochem"
