from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "deltacap.rights"
    label = "rights"
